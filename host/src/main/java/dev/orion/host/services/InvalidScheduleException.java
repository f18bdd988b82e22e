package dev.orion.host.services;

import dev.orion.api.OrionException;

/** A schedule that cannot be read: a bad cron expression, interval or time zone. */
public class InvalidScheduleException extends OrionException {

    public InvalidScheduleException(String message) {
        super(message);
    }
}
