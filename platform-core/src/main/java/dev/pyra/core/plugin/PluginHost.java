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
    private final Path uploads;
    private final PluginSwitches switches;
    private final Map<String, PluginJar> installed = new ConcurrentHashMap<>();

    /** Plugins from {@code roots} (the distribution's) and {@code uploads} (the data directory's, where uploads go). */
    public PluginHost(List<Path> roots, Path uploads, Path switchesFile) {
        List<Path> all = new ArrayList<>(roots);
        all.add(uploads);
        List<Path> existing = all.stream().filter(Files::isDirectory).distinct().toList();
        this.uploads = uploads;
        this.switches = new PluginSwitches(switchesFile);
        this.manager = new RecordingPluginManager(existing);
        manager.setStatusProvider(switches);
        manager.setSystemVersion(PyraApi.VERSION);
    }

    public void start() {
        for (String removed : switches.takeRemoved()) {
            try {
                Files.deleteIfExists(uploads.resolve(removed));
                log.info("Plugin jar {} removed, as asked before this start", removed);
            } catch (java.io.IOException e) {
                log.error("Plugin jar {} could not be removed: {}", removed, e.getMessage());
            }
        }
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
                path.getFileName().toString(), null, null, null, "FAILED", path.toString(), List.of(), List.of(), error,
                null, uploaded(path), switches.markedRemoved(path.getFileName().toString()))));
        installed.forEach((id, jar) -> infos.add(new PluginInfo(id, jar.version(), jar.provider(), jar.description(), "INSTALLED",
                uploads.resolve(jar.fileName()).toString(), List.of(), jar.extensions(), null, !switches.isPluginDisabled(id), true, false)));
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
                error,
                !switches.isPluginDisabled(plugin.getPluginId()),
                uploaded(plugin.getPluginPath()),
                switches.markedRemoved(plugin.getPluginPath().getFileName().toString()));
    }

    private boolean uploaded(Path path) {
        return path.toAbsolutePath().normalize().startsWith(uploads.toAbsolutePath().normalize());
    }

    /** Whether a plugin of this id is loaded or waiting for the next start. */
    public boolean knows(String id) {
        return manager.getPlugin(id) != null || installed.containsKey(id);
    }

    /**
     * {@code POST /api/v1/plugins}: keeps an uploaded jar once it reads as a plugin for this API.
     * It loads at the next start, switched off: the user enables it (code from outside never runs
     * on its own).
     *
     * @throws dev.pyra.core.BadRequestException naming what is wrong with the jar
     */
    public synchronized PluginInfo install(byte[] jar) {
        PluginJar plugin = PluginJar.inspect(jar, PyraApi.VERSION, manager.getVersionManager());
        if (knows(plugin.id())) {
            throw new dev.pyra.core.BadRequestException("file", "a plugin '" + plugin.id() + "' is installed already; remove it first");
        }
        Path target = uploads.resolve(plugin.fileName());
        try {
            Files.createDirectories(uploads);
            Path temporary = Files.createTempFile(uploads, ".upload-", ".part");
            Files.write(temporary, jar);
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            throw new dev.pyra.core.PyraException("Cannot keep the plugin jar in " + uploads + ": " + e.getMessage(), e);
        }
        switches.disablePlugin(plugin.id());
        installed.put(plugin.id(), plugin);
        log.info("Plugin {} {} uploaded ({} extensions); it loads switched off at the next start", plugin.id(), plugin.version(),
                plugin.extensions().size());
        return plugins().stream().filter(p -> p.id().equals(plugin.id())).findFirst().orElseThrow();
    }

    /** Switches a plugin on or off from the next start on. */
    public synchronized void setEnabled(String id, boolean enabled) {
        if (!knows(id)) {
            throw new dev.pyra.core.BadRequestException("id", "no plugin '" + id + "'");
        }
        if (enabled) {
            switches.enablePlugin(id);
        } else {
            switches.disablePlugin(id);
        }
        log.info("Plugin {} switched {} from the next start", id, enabled ? "on" : "off");
    }

    /** Removes an uploaded plugin's jar at the next start (the distribution's own are switched off instead). */
    public synchronized void remove(String id) {
        PluginJar waiting = installed.remove(id);
        if (waiting != null) {
            try {
                Files.deleteIfExists(uploads.resolve(waiting.fileName()));
            } catch (java.io.IOException e) {
                throw new dev.pyra.core.PyraException("Cannot delete " + waiting.fileName() + ": " + e.getMessage(), e);
            }
            log.info("Plugin {} removed before it loaded", id);
            return;
        }
        PluginWrapper plugin = manager.getPlugin(id);
        if (plugin == null) {
            throw new dev.pyra.core.BadRequestException("id", "no plugin '" + id + "'");
        }
        if (!uploaded(plugin.getPluginPath())) {
            throw new dev.pyra.core.BadRequestException("id", "'" + id + "' comes with Pyra; switch it off instead");
        }
        switches.markRemoved(plugin.getPluginPath().getFileName().toString());
        log.info("Plugin {} is removed at the next start", id);
    }

    /** A plugin switched off by the user is no error; one PF4J refused for its API range is. */
    private String disabledReason(PluginWrapper plugin) {
        String requires = plugin.getDescriptor().getRequires();
        if (!manager.getVersionManager().checkVersionConstraint(PyraApi.VERSION, requires)) {
            return "requires Pyra API " + requires + ", this is " + PyraApi.VERSION;
        }
        return null;
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

    /**
     * Stops every plugin, last started first, and unloads them (their class loaders close, so an
     * in-place restart starts from fresh ones). Each is stopped on its own: PF4J 3.15's
     * {@code stopPlugins()} removes from the list it iterates and stops only the first.
     */
    @Override
    public void close() {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            try {
                manager.stopPlugin(plugin.getPluginId());
            } catch (RuntimeException e) {
                log.warn("Plugin {} did not stop cleanly: {}", plugin.getPluginId(), e.toString());
            }
        }
        try {
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            log.warn("Plugins did not unload cleanly: {}", e.toString());
        }
    }

    /** PF4J logs and skips a plugin it cannot load; we also keep why, to list it. */
    private static final class RecordingPluginManager extends DefaultPluginManager {
        private final Map<Path, String> loadFailures = new ConcurrentHashMap<>();

        RecordingPluginManager(List<Path> roots) {
            super(roots);
        }

        /** Pyra's own switches replace PF4J's enabled.txt/disabled.txt (which would live in the first plugins root, the install's). */
        void setStatusProvider(org.pf4j.PluginStatusProvider provider) {
            this.pluginStatusProvider = provider;
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
