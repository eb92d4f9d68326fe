#!/usr/bin/env bash
# Starts a one-node SLURM cluster on this machine (as root), for the SLURM executor's test and for
# trying `tiersim sweep --executor slurm` locally. Debian packages: slurm-wlm munge.
# Measured recipe: ../shared/TOOLING.md section 8. Stop it with: scripts/slurm-one-node.sh stop
set -euo pipefail
if [ "${1:-}" = stop ]; then
  kill $(cat /run/slurmd.pid /run/slurmctld.pid /run/munge/munged.pid 2>/dev/null) 2>/dev/null || true
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "slurm-one-node: run as root" >&2; exit 1; }
command -v slurmctld >/dev/null || { echo "slurm-one-node: install slurm-wlm and munge first" >&2; exit 1; }
host=$(hostname -s)
cpus=$(nproc)
mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2 ))
mkdir -p /run/munge /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm
chown munge:munge /run/munge
[ -f /etc/munge/munge.key ] || { /usr/sbin/mungekey -c 2>/dev/null || dd if=/dev/urandom of=/etc/munge/munge.key bs=1k count=1 2>/dev/null; chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=tiersim
SlurmctldHost=$host
AuthType=auth/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -x slurmctld >/dev/null || slurmctld -c
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 30); do
  if sinfo -h -o '%t' 2>/dev/null | grep -q idle; then sinfo; exit 0; fi
  sleep 1
done
echo "slurm-one-node: the node did not become idle" >&2
sinfo >&2 || true
exit 1
