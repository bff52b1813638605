package dev.pyra.core.venue;

import java.util.function.Supplier;

/** Runs plugin code with the plugin's class loader as context loader (pf4j #474). */
final class ContextClassLoader {
    private ContextClassLoader() {}

    static <T> T with(ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
