package dev.orion.host.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates commands, handing the {@link CliContext} to those whose constructor takes one;
 * anything else (picocli's own helpers, converters) comes from picocli's default factory.
 */
final class CommandFactory implements CommandLine.IFactory {

    private final CliContext context;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(CliContext context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
            return constructor.newInstance(context);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
