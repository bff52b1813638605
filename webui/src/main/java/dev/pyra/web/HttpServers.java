package dev.pyra.web;

import dev.pyra.core.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;
import java.util.function.Consumer;

/** What both of Pyra's Javalin servers share. */
public final class HttpServers {
    private HttpServers() {}

    /**
     * Builds (and drops) a server like the UI's on a spare core while the engine starts: the first
     * server built in a JVM pays for Jetty's and Javalin's class initialisation (~0.3 s here).
     */
    public static void prime() {
        try {
            create("127.0.0.1", 0, 1024, config -> {
                config.staticFiles.add("/public", io.javalin.http.staticfiles.Location.CLASSPATH);
                config.staticFiles.enableWebjars();
                config.routes.get("/", ctx -> ctx.result(""));
            });
        } catch (RuntimeException e) {
            // only a head start: the real servers are built anyway
        }
    }

    static Javalin create(String host, int port, long maxRequestBytes, Consumer<JavalinConfig> routes) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = maxRequestBytes;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson3(Json.MAPPER, false));
            routes.accept(config);
        });
    }
}
