package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Pyra;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plugin manager: every plugin with its state and what it provides; an uploaded jar is checked
 * and kept, then loads switched off at the next start; switching on or off and removing take
 * effect at the next start too (a plugin is never unloaded under a running engine).
 */
final class PluginRoutes {
    private static final String V1 = "/api/v1";
    private final Pyra pyra;

    PluginRoutes(Pyra pyra) {
        this.pyra = pyra;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/plugins", ctx -> ctx.json(body()));
        routes.post(V1 + "/plugins", this::upload);
        routes.post(V1 + "/plugins/{id}/enable", ctx -> toggle(ctx, true));
        routes.post(V1 + "/plugins/{id}/disable", ctx -> toggle(ctx, false));
        routes.delete(V1 + "/plugins/{id}", this::remove);
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plugins", pyra.plugins());
        body.put("venues", pyra.venueCatalog());
        body.put("extensions", pyra.extensions());
        body.put("restartRequired", pyra.plugins().stream().anyMatch(dev.pyra.core.plugin.PluginInfo::pendingRestart));
        return body;
    }

    /** Multipart, the jar in the part {@code file}; the page asked the user to confirm before sending it. */
    private void upload(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            throw new BadRequestException("file", "send the jar as multipart/form-data in a part named 'file'");
        }
        UploadedFile file = ctx.uploadedFile("file");
        if (file == null) {
            throw new BadRequestException("file", "missing: no part named 'file'");
        }
        byte[] jar;
        try (InputStream in = file.content()) {
            jar = in.readNBytes(64 * 1024 * 1024 + 1);
        } catch (IOException e) {
            throw new BadRequestException("file", "the upload could not be read: " + e.getMessage());
        }
        var installed = pyra.installPlugin(jar);
        Map<String, Object> body = body();
        body.put("installed", installed);
        ctx.status(201).json(body);
    }

    private void toggle(Context ctx, boolean enabled) {
        pyra.setPluginEnabled(ctx.pathParam("id"), enabled);
        ctx.json(body());
    }

    private void remove(Context ctx) {
        pyra.removePlugin(ctx.pathParam("id"));
        ctx.json(body());
    }
}
