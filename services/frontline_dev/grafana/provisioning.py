"""The Prometheus datasource and the file provider that loads the dashboard JSON."""

from __future__ import annotations

from frontline_dev.grafana.common import DS_UID, FOLDER, Json


def datasources() -> Json:
    return {
        "apiVersion": 1,
        "datasources": [
            {
                "name": "Prometheus (Frontline)",
                "uid": DS_UID,
                "type": "prometheus",
                "access": "proxy",
                "url": "http://prometheus:9090",
                "isDefault": True,
                "editable": False,
                "jsonData": {"timeInterval": "15s", "httpMethod": "POST"},
            }
        ],
    }


def dashboard_providers() -> Json:
    return {
        "apiVersion": 1,
        "providers": [
            {
                "name": "frontline",
                "orgId": 1,
                "folder": FOLDER,
                "type": "file",
                "disableDeletion": False,
                "allowUiUpdates": False,
                "updateIntervalSeconds": 60,
                "options": {
                    "path": "/etc/grafana/provisioning/dashboards",
                    "foldersFromFilesStructure": False,
                },
            }
        ],
    }
