package dev.orion.plugins.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.orion.api.VirtualThreadSession;
import dev.orion.api.cluster.RemoteOutcome;
import dev.orion.api.cluster.RemoteTaskRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One flow run's use of the cluster: each task run waits for its inputs on a virtual thread here,
 * then goes to the next member in turn among those of this Orion version (members that joined
 * late included). A member that leaves while it has a run yields {@link RemoteOutcome.Kind#LOST}:
 * Hazelcast does not execute it again anywhere; the engine decides, through the orchestrator,
 * whether the run is retried. Thread-safe.
 */
final class ClusterSession extends VirtualThreadSession {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Membership membership;

    ClusterSession(Membership membership) {
        super("orion-cluster-task");
        this.membership = membership;
    }

    @Override
    public boolean runsRemotely() {
        return true;
    }

    @Override
    public RemoteOutcome runRemotely(RemoteTaskRun run) throws InterruptedException {
        Set<UUID> refusedBy = new HashSet<>();
        List<String> reasons = new ArrayList<>();
        while (true) {
            Member member = pick(run.orionVersion(), refusedBy);
            if (member == null) {
                return RemoteOutcome.refused(reasons.isEmpty() ? "no member of the cluster runs Orion "
                        + run.orionVersion() : String.join("; ", reasons));
            }
            String name = nameOf(member);
            Future<String> answer = membership.executor().submitToMember(new HandedOverCall(run), member);
            try {
                return RemoteOutcome.ended(answer.get());
            } catch (InterruptedException e) {
                answer.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (isGone(cause) || !membership.hazelcast().getCluster().getMembers().contains(member)) {
                    return RemoteOutcome.lost(name, cause.getClass().getSimpleName() + ": " + cause.getMessage());
                }
                refusedBy.add(member.getUuid());
                reasons.add(name + ": " + cause.getMessage());
            } catch (RuntimeException e) {
                if (isGone(e)) {
                    return RemoteOutcome.lost(name, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
                throw e;
            }
        }
    }

    private static boolean isGone(Throwable t) {
        return t instanceof MemberLeftException || t instanceof TargetNotMemberException
                || t instanceof HazelcastInstanceNotActiveException;
    }

    /** The next member in turn of that Orion version that has not refused this run; null when none. */
    private Member pick(String version, Set<UUID> refusedBy) {
        List<Member> eligible = membership.hazelcast().getCluster().getMembers().stream()
                .filter(m -> version.equals(m.getAttribute(Membership.VERSION)))
                .filter(m -> !refusedBy.contains(m.getUuid()))
                .sorted(Comparator.comparing(Member::getUuid))
                .toList();
        return eligible.isEmpty() ? null : eligible.get(Math.floorMod(NEXT.getAndIncrement(), eligible.size()));
    }

    private static String nameOf(Member member) {
        String name = member.getAttribute(Membership.MEMBER);
        return (name == null ? "?" : name) + " (" + member.getAddress() + ")";
    }
}
