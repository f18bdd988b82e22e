package dev.orion.api.cluster;

import java.util.List;
import java.util.Objects;

/**
 * How a worker joins a cluster of task-running members ({@code orion worker start --cluster NAME}).
 *
 * @param name       the cluster's name; members of other clusters never join this one
 * @param secret     shared by every member; a process without it cannot join
 * @param host       the address this member binds and announces
 * @param port       the first port to try (the next ones are tried when it is taken)
 * @param members    the {@code host:port} addresses to look for other members at (no multicast)
 * @param memberName this member's name, shown on the task runs it executes
 */
public record ClusterOptions(String name, String secret, String host, int port, List<String> members,
                             String memberName) {

    public ClusterOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(memberName, "memberName");
        members = members == null ? List.of() : List.copyOf(members);
    }
}
