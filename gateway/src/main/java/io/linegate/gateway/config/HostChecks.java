package io.linegate.gateway.config;

import java.util.Objects;

/** Checks shared by the records that name an address to listen on. */
final class HostChecks {

    private HostChecks() {
    }

    /** Refuses a null, blank or space-containing address; the message starts with {@code key}. */
    static void requireBindable(String key, String bind) {
        Objects.requireNonNull(bind, key);
        if (bind.isBlank() || bind.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(key + " must be an IP address or host name. Found: '" + bind + "'");
        }
    }
}
