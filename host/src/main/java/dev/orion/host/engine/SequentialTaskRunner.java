package dev.orion.host.engine;

/** Runs each task run to its end in the submitting thread, one at a time. Thread-safe. */
final class SequentialTaskRunner implements TaskRunner {

    @Override
    public void submit(Runnable work) {
        work.run();
    }

    @Override
    public void enterBody() {
    }

    @Override
    public void exitBody() {
    }

    @Override
    public void interruptAll() {
    }
}
