"""A real single-node Apache Kafka (KRaft) resolved from Maven Central and run locally.

No Docker engine and no Apache download site here, but Maven Central is reachable: Maven
copies the broker jars into a cache shared by every run, and the broker's state lives in
a project-local directory so `frontline kafka status` can tell the truth.
"""

from __future__ import annotations

import base64
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psutil

from frontline_dev.waiting import wait_until

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
    security_protocol: str = "PLAINTEXT"  # of `port`; SASL_PLAINTEXT when started secured
    tls_port: int | None = None  # SASL_SSL listener, when started with LocalSecurity(tls=True)
    ca_file: str | None = None  # PEM of the throwaway CA that signed the broker's certificate
    owner_pid: int | None = None  # the `frontline run` that started it (None: `kafka start`)

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def tls_bootstrap(self) -> str | None:
        return f"127.0.0.1:{self.tls_port}" if self.tls_port else None


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


def pid_alive(pid: int) -> bool:
    """The process runs and is not a zombie (a zombie child still answers kill(0))."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


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
    if pid_alive(info.pid) and port_open(info.port):
        return "running", info
    if pid_alive(info.pid):
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
    security: LocalSecurity | None = None,
    owner_pid: int | None = None,
) -> BrokerInfo:
    """Start the broker (or return the running one) and wait until it accepts requests.

    With `security`, clients must authenticate with SASL/SCRAM (see `LocalSecurity`).
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
    tls_port = free_port() if security and security.tls else None
    props.write_text(
        _server_properties(state, port, cport, partitions)
        + (_secured_properties(security, state, port, cport, tls_port) if security else "")
    )
    props.chmod(0o600)  # may hold the SCRAM and keystore passwords
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
                *(_scram_format_args(security) if security else []),
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
    info = BrokerInfo(proc.pid, port, cport, str(state), version, owner_pid=owner_pid)
    if security:
        info.security_protocol = "SASL_PLAINTEXT"
        info.tls_port = tls_port
        info.ca_file = str(state / "tls" / "ca.pem") if tls_port else None
    (state / "broker.json").write_text(json.dumps(asdict(info)))
    _wait_ready(info, proc, timeout, security.client_kwargs() if security else None)
    return info


def _wait_ready(
    info: BrokerInfo,
    proc: subprocess.Popen[bytes],
    timeout: float,
    client_kwargs: dict[str, object] | None = None,
) -> None:
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError as KPError

    def answers() -> bool:
        if proc.poll() is not None:
            tail = (Path(info.state_dir) / "stdout.log").read_text(errors="replace")[-3000:]
            raise KafkaError(f"Kafka exited with code {proc.returncode}:\n{tail}")
        if not port_open(info.port):
            return False
        admin = KafkaAdminClient(
            bootstrap_servers=info.bootstrap, request_timeout_ms=5000, **(client_kwargs or {})
        )
        admin.list_topics()
        admin.close()
        return True

    if not wait_until(answers, timeout, retry_on=(KPError,)):
        stop(Path(info.state_dir))
        raise KafkaError(f"Kafka did not become ready on port {info.port} within {timeout:.0f}s")


def stop(state: Path, timeout: float = 20.0) -> bool:
    """Stop the broker; SIGKILL after `timeout`. Returns True when one was running."""
    info = read_info(state.resolve())
    if info is None:
        return False
    was_alive = pid_alive(info.pid)
    if was_alive:
        try:
            os.killpg(info.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

        def gone() -> bool:
            _reap(info.pid)
            return not pid_alive(info.pid)

        wait_until(gone, timeout, interval=0.1)
        if pid_alive(info.pid):
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


# --- a secured local broker (SASL/SCRAM, optional TLS) ------------------------------

_SAFE_SECRET = re.compile(r"^[A-Za-z0-9_.~-]{8,}$")


@dataclass(frozen=True)
class LocalSecurity:
    """One SCRAM user created at format time; clients must log in on every listener.

    The client listener on `port` is SASL_PLAINTEXT; with `tls`, a second SASL_SSL
    listener serves a certificate for 127.0.0.1 signed by a throwaway CA made with
    keytool in the broker's state dir. The broker uses the same user between brokers.
    """

    username: str
    password: str = field(repr=False)
    mechanism: str = "SCRAM-SHA-512"  # the broker's own; clients may use 256 or 512
    tls: bool = False

    def __post_init__(self) -> None:
        # Values go unquoted into --add-scram and a JAAS line: allow only safe characters.
        if not re.match(r"^[A-Za-z0-9_.-]+$", self.username):
            raise KafkaError("local SCRAM user name: use letters, digits, '_', '.', '-'")
        if not _SAFE_SECRET.match(self.password):
            raise KafkaError("local SCRAM password: 8+ letters, digits or '_.~-' (not shown)")

    def client_kwargs(self) -> dict[str, object]:
        """kafka-python settings that log in on the SASL_PLAINTEXT listener."""
        return {
            "security_protocol": "SASL_PLAINTEXT",
            "sasl_mechanism": self.mechanism,
            "sasl_plain_username": self.username,
            "sasl_plain_password": self.password,
        }


def _scram_format_args(sec: LocalSecurity) -> list[str]:
    """`StorageTool format` flags that store the user's SCRAM credentials (KIP-900)."""
    return [
        f"--add-scram={mech}=[name={sec.username},password={sec.password}]"
        for mech in ("SCRAM-SHA-256", "SCRAM-SHA-512")
    ]


def _secured_properties(
    sec: LocalSecurity, state: Path, port: int, cport: int, tls_port: int | None
) -> str:
    """Lines appended to server.properties; later keys override the plaintext ones."""
    listeners = [f"SASL_PLAINTEXT://127.0.0.1:{port}"]
    if tls_port:
        listeners.append(f"SASL_SSL://127.0.0.1:{tls_port}")
    jaas = (
        "org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{sec.username}" password="{sec.password}";'
    )
    props = {
        "listeners": ",".join([*listeners, f"CONTROLLER://127.0.0.1:{cport}"]),
        "advertised.listeners": ",".join(listeners),
        "inter.broker.listener.name": "SASL_PLAINTEXT",
        "listener.security.protocol.map": (
            "SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT"
        ),
        "sasl.enabled.mechanisms": "SCRAM-SHA-256,SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol": sec.mechanism,
    }
    for name in ("sasl_plaintext", "sasl_ssl"):
        for mech in ("scram-sha-256", "scram-sha-512"):
            props[f"listener.name.{name}.{mech}.sasl.jaas.config"] = jaas
    if tls_port:
        keystore, store_pass = make_tls_material(state / "tls")
        props |= {
            "ssl.keystore.type": "PKCS12",
            "ssl.keystore.location": str(keystore),
            "ssl.keystore.password": store_pass,
            "ssl.key.password": store_pass,
            "ssl.client.auth": "none",
        }
    return "".join(f"{k}={v}\n" for k, v in props.items())


def make_tls_material(out: Path, host: str = "127.0.0.1") -> tuple[Path, str]:
    """A throwaway CA (`ca.pem`) and a broker keystore it signed; returns (keystore, password).

    keytool ships with the JDK the broker needs anyway. The CA key is made inside the
    broker keystore (`-signer`, four JVM starts instead of seven), then deleted: nothing
    can sign with it afterwards, and the broker serves only its own chain.
    """
    keytool = _require("keytool", "install a JDK 17+ (apt-get install -y openjdk-17-jre-headless)")
    out.mkdir(parents=True, exist_ok=True)
    out.chmod(0o700)
    for f in out.iterdir():
        f.unlink()
    pw = secrets.token_urlsafe(18)
    env = {**os.environ, "FRONTLINE_KEYSTORE_PW": pw}  # not on a command line `ps` shows
    store = ["-keystore", str(out / "broker.p12"), "-storetype", "PKCS12"]
    store += ["-storepass:env", "FRONTLINE_KEYSTORE_PW"]
    key = ["-keypass:env", "FRONTLINE_KEYSTORE_PW", "-keyalg", "EC", "-validity", "7"]
    steps = [
        ["-genkeypair", "-alias", "ca", "-dname", "CN=frontline-local-ca", *store, *key,
         "-ext", "bc:c", "-ext", "KeyUsage=keyCertSign,cRLSign"],
        ["-genkeypair", "-alias", "broker", "-dname", f"CN={host}", *store, *key,
         "-signer", "ca", "-signerkeypass:env", "FRONTLINE_KEYSTORE_PW",
         "-ext", f"SAN=ip:{host},dns:localhost", "-ext", "EKU=serverAuth",
         "-ext", "KeyUsage=digitalSignature"],
        ["-exportcert", "-rfc", "-alias", "ca", "-file", str(out / "ca.pem"), *store],
        ["-delete", "-alias", "ca", *store],
    ]  # fmt: skip
    for args in steps:
        run = subprocess.run([keytool, *args], capture_output=True, text=True, env=env)
        if run.returncode != 0:
            msg = (run.stdout + run.stderr).replace(pw, "***").strip()
            raise KafkaError(f"keytool {args[0]} failed: {msg}")
    return out / "broker.p12", pw
