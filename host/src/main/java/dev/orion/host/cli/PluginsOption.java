package dev.orion.host.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --plugins DIR}, accepted anywhere on any command: it stands for
 * {@code ORION_PLUGINS_DIR=DIR}, so every command sees the same plugins folder.
 *
 * @param args the arguments without the option
 * @param env  the environment with {@code ORION_PLUGINS_DIR} set when the option was given
 */
record PluginsOption(String[] args, Map<String, String> env) {

    static PluginsOption extract(String[] args, Map<String, String> env) {
        List<String> rest = new ArrayList<>();
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--plugins") && i + 1 < args.length) {
                dir = args[++i];
            } else if (a.startsWith("--plugins=")) {
                dir = a.substring("--plugins=".length());
            } else {
                rest.add(a);
            }
        }
        if (dir == null) {
            return new PluginsOption(args, env);
        }
        Map<String, String> withDir = new HashMap<>(env);
        withDir.put("ORION_PLUGINS_DIR", dir);
        return new PluginsOption(rest.toArray(String[]::new), withDir);
    }
}
