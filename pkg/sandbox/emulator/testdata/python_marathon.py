"""Drives python-marathon (Debian's python3-marathon) against a Marathon
URL; prints one line per step, exits non-zero on the first failure.
Usage: python_marathon.py URL VERSION"""
import sys
import time

from marathon import MarathonClient
from marathon.models import MarathonApp, MarathonHealthCheck

url, version = sys.argv[1], sys.argv[2]
c = MarathonClient([url], timeout=10)


def wait(what, cond, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return
        time.sleep(0.05)
    raise SystemExit("timed out waiting for " + what)


info = c.get_info()
assert info.version.startswith(version), info.version
print("info", info.version, info.zookeeper_config.zk_max_versions)

app = MarathonApp(cmd="x", instances=2, cpus=0.1, mem=32,
                  health_checks=[MarathonHealthCheck(protocol="HTTP", path="/", interval_seconds=1,
                                                     grace_period_seconds=5)])
c.create_app("/py/web", app)
wait("2 healthy tasks", lambda: c.get_app("/py/web").tasks_healthy == 2)
got = c.get_app("/py/web", embed_tasks=True)
assert len(got.tasks) == 2
for t in got.tasks:
    assert t.health_check_results and t.health_check_results[0].alive
    assert t.health_check_results[0].instance_id, "health results name the instance"
print("app", got.id, got.version_info.last_config_change_at is not None)
# The shape of each version: 1.4 writes ports, 1.10 networks and roles.
if version.startswith("1.10"):
    assert got.networks and got.networks[0]["mode"] == "host", got.networks
    assert got.role == "*" and got.tasks[0].role == "*" and got.tasks[0].local_volumes == []
    assert not got.ports, got.ports
else:
    assert got.ports and got.networks is None and got.role is None
print("shape", len(got.port_definitions))
try:
    print("task_stats", c.get_app("/py/web", embed_task_stats=True).task_stats is not None)
except TypeError as e:  # 1.10 embeds them as "tasksStats"
    print("task_stats TypeError", str(e).split("'")[1])

assert [a.id for a in c.list_apps(label="py")] == [], "no app has label py"
assert len(c.list_tasks("/py/web")) == 2
assert c.list_deployments() == []
print("tasks", sorted(t.id for t in c.list_tasks("/py/web"))[0].split(".")[0])

# kill_task: the response is parsed into a MarathonTask when it has "task".
victim = c.list_tasks("/py/web")[0].id
try:
    killed = c.kill_task("/py/web", victim)
    print("kill_task", getattr(killed, "id", None) == victim)
except TypeError as e:  # 1.4's Instance JSON does not fit MarathonTask
    print("kill_task TypeError", str(e).split("'")[1])
wait("replaced", lambda: victim not in [t.id for t in c.list_tasks("/py/web")] and len(c.list_tasks("/py/web")) == 2)

assert c.kill_given_tasks([c.list_tasks("/py/web")[0].id], scale=True)
wait("scaled to 1", lambda: c.get_app("/py/web").instances == 1 and not c.list_deployments())
c.scale_app("/py/web", instances=3)
wait("scaled to 3", lambda: c.get_app("/py/web").tasks_running == 3 and not c.list_deployments())
c.restart_app("/py/web")
wait("restarted", lambda: not c.list_deployments())
print("queue", c.list_queue())
c.delete_app("/py/web")
wait("deleted", lambda: c.list_apps() == [])
print("ok")
