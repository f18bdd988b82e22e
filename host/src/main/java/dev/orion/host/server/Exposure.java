package dev.orion.host.server;

import dev.orion.api.OrionException;
import dev.orion.host.OrionSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the server may listen where it is asked to: on a loopback address always; on
 * any other address only with {@code ORION_API_KEY}, or when {@code --allow-no-key} /
 * {@code ORION_ALLOW_NO_KEY} says so, and then with a warning at every start. Stateless.
 */
public final class Exposure {

    private static final Logger LOG = LoggerFactory.getLogger(Exposure.class);

    private Exposure() {
    }

    /** Throws when listening on {@code host} with these settings would open the API to the network. */
    public static void check(String host, OrionSettings settings) {
        if (settings.apiKey().isPresent() || isLoopback(host)) {
            return;
        }
        if (!settings.security().allowNoKey()) {
            throw new OrionException("refusing to listen on " + host + " without ORION_API_KEY: anyone who can reach "
                    + "it could run code on your workers; set ORION_API_KEY (clients send it too), listen on 127.0.0.1, "
                    + "or pass --allow-no-key (ORION_ALLOW_NO_KEY=true) if the network is yours alone");
        }
        LOG.warn("WARNING: listening on {} without ORION_API_KEY (--allow-no-key): anyone who can reach this address "
                + "can read every run and make your workers run flows", host);
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
