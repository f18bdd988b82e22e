package dev.orion.host.services;

import dev.orion.api.RunKind;
import dev.orion.api.State;
import dev.orion.host.orchestration.Orchestrator;
import dev.orion.host.store.Database;
import dev.orion.host.store.GlobalLimitStore;
import dev.orion.host.store.RunRow;
import dev.orion.host.store.RunStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks Crashed the runs an embedded Orion left active when its JVM died (kill -9, power
 * loss): a flow run executed in-process carries {@code local:HOST:PID} as its infrastructure
 * pid, and when Orion next starts on the database, every Running, Pending or Cancelling flow
 * run of this host whose process is gone is proposed Crashed, with its unfinished task runs.
 * Runs of live processes (another CLI, a server) are left alone. Thread-safe.
 */
public final class OrphanedRunMarker {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedRunMarker.class);
    private static final String PREFIX = "local:";
    private static final String HOST = hostName();

    private OrphanedRunMarker() {
    }

    /** The infrastructure pid of runs executed in this JVM. */
    public static String thisProcess() {
        return PREFIX + HOST + ":" + ProcessHandle.current().pid();
    }

    /** Proposes Crashed for this host's active runs whose process is gone; returns how many flow runs. */
    public static int markCrashed(Database db, Orchestrator orchestrator) {
        RunStore runs = new RunStore(db);
        List<RunRow> active = db.query("SELECT id FROM flow_run WHERE state_type IN ('RUNNING', 'PENDING', 'CANCELLING') "
                        + "AND infrastructure_pid LIKE ?", ps -> ps.setString(1, PREFIX + HOST + ":%"),
                rs -> UUID.fromString(rs.getString(1))).stream()
                .map(id -> runs.findRun(id, RunKind.FLOW)).flatMap(Optional::stream).toList();
        int marked = 0;
        for (RunRow run : active) {
            long pid = pidOf(run.infrastructurePid());
            if (pid < 0 || pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            String why = "The process that ran this flow run (pid " + pid + " on " + HOST
                    + ") ended without finishing it; marked Crashed when Orion next started on this database.";
            for (RunRow task : runs.taskRunsOf(run.id())) {
                // A task run may have been stored without its first state (the process died between
                // the two writes): it ends Crashed too, not stateless forever.
                if (task.state() == null || !task.state().isTerminal()) {
                    orchestrator.propose(task.id(), RunKind.TASK, State.crashed(why), true);
                }
            }
            orchestrator.propose(run.id(), RunKind.FLOW, State.crashed(why), false);
            new GlobalLimitStore(db).releaseHoldsOf(run.id());
            LOG.warn("flow run {} ({}) was left {} by pid {}: marked Crashed", run.id(), run.name(),
                    run.state().name(), pid);
            marked++;
        }
        if (marked > 0) {
            orchestrator.flush();
        }
        return marked;
    }

    private static long pidOf(String infrastructurePid) {
        int colon = infrastructurePid.lastIndexOf(':');
        try {
            return Long.parseLong(infrastructurePid.substring(colon + 1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
