package dev.pyra.core.hooks;

/**
 * What a hook did with one input, without deciding anything: its raw answer, whether Pyra would
 * take it (and as what), or why not.
 *
 * @param answer the script's answer as plain data (null when it failed)
 * @param accepted what Pyra reads from the answer (the typed decision), null when invalid or failed
 * @param error why the answer would not be used (the built-in rule would decide); null when it would
 */
public record DryRun(Object answer, Object accepted, String error, long cpuMicros, long allocatedBytes, long wallMicros) {

    public boolean valid() {
        return error == null;
    }
}
