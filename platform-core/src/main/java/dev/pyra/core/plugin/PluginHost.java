package dev.pyra.core.plugin;

import dev.pyra.api.PyraApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionPoint;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads PF4J plugins from the distribution's {@code plugins/} and the data directory's
 * {@code plugins/}. A plugin that fails is listed with its error; the engine starts regardless.
 * Extensions found on the application class path (tests, development) count as built-ins.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");

    private final RecordingPluginManager manager;

    public PluginHost(List<Path> roots) {
        List<Path> existing = roots.stream().filter(Files::isDirectory).distinct().toList();
        this.manager = new RecordingPluginManager(existing);
        manager.setSystemVersion(PyraApi.VERSION);
    }

    public void start() {
        manager.loadPlugins();
        manager.startPlugins();
        for (PluginInfo info : plugins()) {
            if (info.error() == null) {
                log.info("Plugin {} {} {} ({})", info.id(), info.version(), info.state(), String.join(", ", info.extensionPoints()));
            } else {
                log.error("Plugin {} {}: {}", info.id(), info.state(), info.error());
            }
        }
    }

    /** Extensions of a type from every started plugin and from the class path. */
    public <T> List<T> extensions(Class<T> type) {
        return manager.getExtensions(type);
    }

    /** The class loader of the plugin that provides this extension object. */
    public ClassLoader classLoaderOf(Object extension) {
        PluginWrapper wrapper = manager.whichPlugin(extension.getClass());
        return wrapper == null ? extension.getClass().getClassLoader() : wrapper.getPluginClassLoader();
    }

    /** The id of the plugin that provides this extension, or {@code built-in} for the class path. */
    public String pluginIdOf(Object extension) {
        PluginWrapper wrapper = manager.whichPlugin(extension.getClass());
        return wrapper == null ? "built-in" : wrapper.getPluginId();
    }

    public List<PluginInfo> plugins() {
        List<PluginInfo> infos = new ArrayList<>();
        for (PluginWrapper plugin : manager.getPlugins()) {
            infos.add(describe(plugin));
        }
        manager.loadFailures().forEach((path, error) -> infos.add(new PluginInfo(
                path.getFileName().toString(), null, null, null, "FAILED", path.toString(), List.of(), List.of(), error)));
        return infos;
    }

    private PluginInfo describe(PluginWrapper plugin) {
        Set<String> points = new LinkedHashSet<>();
        List<String> extensions = new ArrayList<>();
        if (plugin.getPluginState().isStarted()) {
            for (Class<?> extension : manager.getExtensionClasses(plugin.getPluginId())) {
                extensions.add(extension.getName());
                collectExtensionPoints(extension, points);
            }
        }
        Throwable failure = plugin.getFailedException();
        String error = failure != null ? failure.toString()
                : plugin.getPluginState().isDisabled() ? disabledReason(plugin) : null;
        return new PluginInfo(
                plugin.getPluginId(),
                plugin.getDescriptor().getVersion(),
                plugin.getDescriptor().getProvider(),
                plugin.getDescriptor().getPluginDescription(),
                plugin.getPluginState().toString(),
                plugin.getPluginPath().toString(),
                List.copyOf(points),
                List.copyOf(extensions),
                error);
    }

    private String disabledReason(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (!manager.getVersionManager().checkVersionConstraint(PyraApi.VERSION, requires)) {
            return "requires Pyra API " + requires + ", this is " + PyraApi.VERSION;
        }
        return "disabled";
    }

    private static void collectExtensionPoints(Class<?> type, Set<String> into) {
        for (Class<?> iface : type.getInterfaces()) {
            if (ExtensionPoint.class.isAssignableFrom(iface) && iface != ExtensionPoint.class) {
                into.add(iface.getSimpleName());
            }
            collectExtensionPoints(iface, into);
        }
        if (type.getSuperclass() != null) {
            collectExtensionPoints(type.getSuperclass(), into);
        }
    }

    @Override
    public void close() {
        // No hot unload in v1 (pf4j #217): plugins are only stopped at shutdown.
        manager.stopPlugins();
    }

    /** PF4J logs and skips a plugin it cannot load; we also keep why, to list it. */
    private static final class RecordingPluginManager extends DefaultPluginManager {
        private final Map<Path, String> loadFailures = new ConcurrentHashMap<>();

        RecordingPluginManager(List<Path> roots) {
            super(roots);
        }

        @Override
        protected PluginWrapper loadPluginFromPath(Path pluginPath) {
            try {
                return super.loadPluginFromPath(pluginPath);
            } catch (PluginRuntimeException | LinkageError e) {
                loadFailures.put(pluginPath, e.getMessage());
                throw e;
            }
        }

        Map<Path, String> loadFailures() {
            return Collections.unmodifiableMap(loadFailures);
        }
    }
}
