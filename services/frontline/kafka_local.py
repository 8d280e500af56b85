"""A real single-node Apache Kafka (KRaft) resolved from Maven Central and run locally.

No Docker engine and no Apache download site here, but Maven Central is reachable: Maven
copies the broker jars into a cache shared by every run, and the broker's state lives in
a project-local directory so `frontline kafka status` can tell the truth.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POM = REPO_ROOT / "deploy" / "kafka" / "pom.xml"


class KafkaError(RuntimeError):
    """A local broker problem with a message a user can act on."""


@dataclass
class BrokerInfo:
    pid: int
    port: int
    controller_port: int
    state_dir: str
    version: str
    owner_pid: int | None = None  # the `frontline run` that started it (None: `kafka start`)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _require(tool: str, hint: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise KafkaError(f"`{tool}` not found on PATH: {hint}")
    return path


def fetch(cache_dir: Path, version: str, pom: Path | None = None, quiet: bool = True) -> Path:
    """Resolve the broker jars from Maven Central once; return the libs directory."""
    libs = cache_dir / f"kafka-{version}" / "libs"
    marker = libs / ".complete"
    if marker.exists():
        return libs
    _require("java", "install a JDK 17+ (apt-get install -y openjdk-17-jre-headless)")
    mvn = _require("mvn", "install Maven (apt-get install -y maven)")
    pom = pom or Path(os.environ.get("FRONTLINE_KAFKA_POM", DEFAULT_POM))
    if not pom.exists():
        raise KafkaError(f"Kafka pom not found at {pom} (set FRONTLINE_KAFKA_POM)")
    tmp = libs.with_name("libs.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cmd = [
        mvn,
        "-B",
        *(["-q"] if quiet else []),
        "-f",
        str(pom),
        f"-Dkafka.version={version}",
        "dependency:copy-dependencies",
        f"-DoutputDirectory={tmp}",
        "-DincludeScope=runtime",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise KafkaError(f"Maven could not resolve Kafka {version}:\n{tail}")
    shutil.rmtree(libs, ignore_errors=True)
    tmp.rename(libs)
    marker.write_text(version)
    return libs


LOG4J = """\
status = warn
appender.file.type = File
appender.file.name = file
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = {level}
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = {level}
logger.apache.name = org.apache.kafka
logger.apache.level = {level}
"""


def _server_properties(state: Path, port: int, cport: int, partitions: int) -> str:
    props = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{cport}",
        "listeners": f"PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(state / "data"),
        "num.partitions": str(partitions),
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "8",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "4",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "true",
        "log.retention.check.interval.ms": "60000",
        # deleted topics leave the disk within seconds, not after a minute (the delete task
        # first runs log.initial.task.delay.ms after start, 30 s by default: longer than a demo)
        "log.segment.delete.delay.ms": "1000",
        "log.initial.task.delay.ms": "1000",
    }
    return "".join(f"{k}={v}\n" for k, v in props.items())


def _java(libs: Path, state: Path, heap: str) -> list[str]:
    java = _require("java", "install a JDK 17+ (apt-get install -y openjdk-17-jre-headless)")
    return [
        java,
        *heap.split(),
        "-XX:+UseG1GC",
        "-XX:TieredStopAtLevel=1",
        "-Xshare:auto",
        f"-Dlog4j2.configurationFile={state / 'log4j2.properties'}",
        "-cp",
        f"{libs}/*",
    ]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child still answers kill(0); treat it as dead.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return True


def pid_alive(pid: int) -> bool:
    return _pid_alive(pid)


def read_info(state: Path) -> BrokerInfo | None:
    f = state / "broker.json"
    if not f.exists():
        return None
    return BrokerInfo(**json.loads(f.read_text()))


def status(state: Path) -> tuple[str, BrokerInfo | None]:
    """'running', 'stopped' or 'stale' (pid file left but process gone)."""
    info = read_info(state)
    if info is None:
        return "stopped", None
    if _pid_alive(info.pid) and port_open(info.port):
        return "running", info
    if _pid_alive(info.pid):
        return "starting", info
    return "stale", info


def start(
    state: Path,
    cache_dir: Path,
    version: str = "4.1.1",
    port: int | None = None,
    heap: str = "-Xms256m -Xmx768m",
    partitions: int = 4,
    timeout: float = 180.0,
    log_level: str = "WARN",
    owner_pid: int | None = None,
) -> BrokerInfo:
    """Start the broker (or return the running one) and wait until it accepts requests.

    owner_pid records which `frontline run` started it, so a later run can tell a broker
    the user started (left alone) from one orphaned by a run that died (adopted, stopped).
    """
    state = state.resolve()
    current, info = status(state)
    if current == "running" and info is not None:
        return info
    if current in ("stale", "starting") and info is not None:
        stop(state)
    libs = fetch(cache_dir, version)
    port = port or free_port()
    if port_open(port):
        raise KafkaError(f"port {port} is already in use by another process; choose another")
    cport = free_port()
    state.mkdir(parents=True, exist_ok=True)
    (state / "log4j2.properties").write_text(
        LOG4J.format(log=state / "server.log", level=log_level.upper())
    )
    props = state / "server.properties"
    props.write_text(_server_properties(state, port, cport, partitions))
    java = _java(libs, state, "-Xms64m -Xmx256m")
    if not (state / "data" / "meta.properties").exists():
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        fmt = subprocess.run(
            [
                *java,
                "kafka.tools.StorageTool",
                "format",
                f"--cluster-id={cluster_id}",
                "-c",
                str(props),
            ],
            capture_output=True,
            text=True,
        )
        if fmt.returncode != 0:
            raise KafkaError(f"formatting Kafka storage failed:\n{fmt.stdout}{fmt.stderr}")
    log = open(state / "stdout.log", "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen(
        [*_java(libs, state, heap), "kafka.Kafka", str(props)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=state,
    )
    log.close()
    info = BrokerInfo(proc.pid, port, cport, str(state), version, owner_pid)
    (state / "broker.json").write_text(json.dumps(asdict(info)))
    _wait_ready(info, proc, timeout)
    return info


def _wait_ready(info: BrokerInfo, proc: subprocess.Popen[bytes], timeout: float) -> None:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError as KPError

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (Path(info.state_dir) / "stdout.log").read_text(errors="replace")[-3000:]
            raise KafkaError(f"Kafka exited with code {proc.returncode}:\n{tail}")
        if port_open(info.port):
            try:
                admin = KafkaAdminClient(bootstrap_servers=info.bootstrap, request_timeout_ms=5000)
                admin.list_topics()
                admin.close()
                return
            except KPError:
                pass
        time.sleep(0.25)
    stop(Path(info.state_dir))
    raise KafkaError(f"Kafka did not become ready on port {info.port} within {timeout:.0f}s")


def stop(state: Path, timeout: float = 20.0) -> bool:
    """Stop the broker; SIGKILL after `timeout`. Returns True when one was running."""
    info = read_info(state.resolve())
    if info is None:
        return False
    was_alive = _pid_alive(info.pid)
    if was_alive:
        try:
            os.killpg(info.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while _pid_alive(info.pid) and time.monotonic() < deadline:
            _reap(info.pid)
            time.sleep(0.1)
        if _pid_alive(info.pid):
            try:
                os.killpg(info.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            time.sleep(0.2)
        _reap(info.pid)
    (state / "broker.json").unlink(missing_ok=True)
    return was_alive


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
