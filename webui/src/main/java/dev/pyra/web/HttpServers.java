package dev.pyra.web;

import dev.pyra.core.Json;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson3;
import java.util.function.Consumer;

/** What both of Pyra's Javalin servers share. */
final class HttpServers {
    private HttpServers() {}

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
