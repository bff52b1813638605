package dev.pyra.connector;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** A connector's {@code condition()} from its parts' (throttle, stream): the ones that say something, joined. */
public final class Conditions {
    private Conditions() {}

    private static final java.time.format.DateTimeFormatter CLOCK_TIME =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    /** "19:42:07 UTC": a moment as the status console shows it. */
    public static String clockTime(java.time.Instant at) {
        return CLOCK_TIME.format(at) + " UTC";
    }

    @SafeVarargs
    public static Optional<String> of(Optional<String>... parts) {
        String said = Arrays.stream(parts).filter(Objects::nonNull).flatMap(Optional::stream).distinct().collect(Collectors.joining("; "));
        return said.isEmpty() ? Optional.empty() : Optional.of(said);
    }
}
