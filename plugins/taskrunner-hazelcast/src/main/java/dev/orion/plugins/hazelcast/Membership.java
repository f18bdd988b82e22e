package dev.orion.plugins.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.orion.api.OrionException;
import dev.orion.api.cluster.ClusterOptions;
import dev.orion.api.cluster.RemoteTaskHost;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * This process as a member of a cluster: the embedded Hazelcast member and the host that executes
 * the task runs handed to it. One per process (a worker joins one cluster). Joining uses an
 * explicit TCP/IP member list (no multicast, no auto-detection), phone-home off, and binds only the
 * given address. Community Hazelcast has no member authentication, so the shared secret is folded
 * into the Hazelcast cluster name (an HMAC of the cluster's name): a member without the secret
 * presents another cluster name and its join is refused. Thread-safe.
 */
final class Membership implements AutoCloseable {

    /** The executor members run handed-over task runs on. */
    static final String EXECUTOR = "orion-task-runs";
    static final String VERSION = "orion.version";
    static final String MEMBER = "orion.member";

    private static volatile Membership current;

    private final HazelcastInstance hazelcast;
    private final RemoteTaskHost host;
    private final String name;

    private Membership(HazelcastInstance hazelcast, RemoteTaskHost host, String name) {
        this.hazelcast = hazelcast;
        this.host = host;
        this.name = name;
    }

    static Optional<Membership> current() {
        return Optional.ofNullable(current);
    }

    static synchronized Membership join(ClusterOptions options, RemoteTaskHost host) {
        if (current != null) {
            throw new OrionException("this process is a member of a cluster already (" + current.name + ")");
        }
        Config config = new Config();
        config.setClusterName("orion-" + options.name() + "-" + token(options.secret(), options.name()));
        config.setInstanceName("orion-" + options.memberName());
        config.setClassLoader(Membership.class.getClassLoader());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.health.monitoring.level", "OFF"); // a busy machine would log it every 20 s
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", options.host());
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface(options.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
        config.getMemberAttributeConfig().setAttribute(VERSION, host.orionVersion());
        config.getMemberAttributeConfig().setAttribute(MEMBER, options.memberName());
        config.getExecutorConfig(EXECUTOR).setPoolSize(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));
        try {
            current = new Membership(Hazelcast.newHazelcastInstance(config), host, options.memberName());
        } catch (RuntimeException e) {
            throw new OrionException("could not join cluster '" + options.name() + "' at " + options.host() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
        return current;
    }

    /** The part of the Hazelcast cluster name only holders of the secret can compute. */
    private static String token(String secret, String cluster) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(cluster.getBytes(StandardCharsets.UTF_8))).substring(0, 24);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    IExecutorService executor() {
        return hazelcast.getExecutorService(EXECUTOR);
    }

    RemoteTaskHost host() {
        return host;
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        synchronized (Membership.class) {
            if (current == this) {
                current = null;
            }
        }
        hazelcast.shutdown();
    }
}
