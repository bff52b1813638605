package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.Pyra;
import dev.pyra.core.config.ConfigStore;
import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.security.Logins;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The webhook helper: where TradingView must send, what guards the door, the alert messages to
 * paste, the secret shown to a user who types their password again, and a test signal to paper.
 */
final class WebhookRoutes {
    private static final String V1 = "/api/v1";
    private final Pyra pyra;
    private final ApiServer.Host host;

    WebhookRoutes(Pyra pyra, ApiServer.Host host) {
        this.pyra = pyra;
        this.host = host;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/webhook", this::describe);
        routes.post(V1 + "/webhook/reveal", this::reveal);
        routes.post(V1 + "/webhook/test", ctx -> {
            var answer = pyra.testSignal(Json.MAPPER.readTree(ctx.body()));
            ctx.status(answer.status()).json(answer.body());
        });
        routes.post(V1 + "/tokens", ctx -> ctx.status(201).json(Map.of("token", pyra.apiTokens().generate(),
                "note", "shown this once: keep it where your script reads it")));
        routes.delete(V1 + "/tokens", ctx -> {
            if (!pyra.apiTokens().revoke()) {
                ctx.status(404).json(ApiServer.error("no generated API token is stored", null));
                return;
            }
            ctx.status(204);
        });
    }

    private void describe(Context ctx) {
        PyraConfig.Webhook webhook = pyra.config().config().webhook();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", host == null ? null : host.webhookUrl());
        body.put("exposed", host != null && host.webhookExposed());
        var secret = pyra.config().keys().list(ConfigStore.WEBHOOK_SECRET).stream().filter(k -> k.name().equals(ConfigStore.WEBHOOK_SECRET))
                .findFirst();
        body.put("secretSet", secret.isPresent() || pyra.environment().webhookSecret().isPresent());
        body.put("secretFrom", pyra.environment().webhookSecret().isPresent() ? "environment (PYRA_WEBHOOK_SECRET)" : "key store");
        body.put("secretMasked", secret.map(k -> k.masked()).orElse(null));
        body.put("hmacRequired", webhook.hmacRequired());
        body.put("hmacKeySet", pyra.config().keys().get("webhook.hmacKey").isPresent());
        body.put("ipAllowlist", webhook.ipAllowlist());
        body.put("tradingViewAddresses", PyraConfig.TRADINGVIEW_ADDRESSES);
        body.put("allowlistHasTradingView", webhook.ipAllowlist().addresses().containsAll(PyraConfig.TRADINGVIEW_ADDRESSES));
        body.put("trustedProxies", webhook.trustedProxies());
        body.put("rateLimitPerMinute", webhook.rateLimitPerMinute());
        body.put("maxLagSeconds", webhook.maxLagSeconds());
        body.put("exchanges", pyra.venues().ids());
        body.put("messages", messages(pyra.venues().ids().contains("paper") ? "paper" : pyra.venues().ids().getFirst()));
        ctx.json(body);
    }

    /** Alert messages as TradingView fills them in; {@code YOUR-SECRET} stands where the secret goes. */
    static Map<String, String> messages(String exchange) {
        String common = "\"secret\": \"YOUR-SECRET\", \"exchange\": \"" + exchange + "\", \"symbol\": \"{{ticker}}\", \"timeframe\": \"{{interval}}\"";
        Map<String, String> messages = new LinkedHashMap<>();
        messages.put("entry", "{ " + common + ",\n  \"type\": \"entry\", \"action\": \"buy\", \"price\": \"{{close}}\",\n"
                + "  \"id\": \"entry-{{ticker}}-{{interval}}-{{timenow}}\", \"time\": \"{{timenow}}\" }");
        messages.put("exit", "{ " + common + ",\n  \"type\": \"exit\", \"action\": \"sell\", \"price\": \"{{close}}\",\n"
                + "  \"id\": \"exit-{{ticker}}-{{interval}}-{{timenow}}\", \"time\": \"{{timenow}}\" }");
        messages.put("strategy", "{ " + common + ",\n  \"action\": \"{{strategy.order.action}}\", \"position\": \"{{strategy.market_position}}\","
                + "\n  \"price\": \"{{close}}\", \"id\": \"{{strategy.order.id}}-{{timenow}}\", \"time\": \"{{timenow}}\" }");
        return messages;
    }

    /** {@code {"password"}}: the secret in clear for this one answer (never logged, never cached). */
    private void reveal(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        String password = body == null ? "" : body.path("password").asString("");
        if (password.isEmpty()) {
            throw new BadRequestException("password", "type your login password to see the secret");
        }
        if (pyra.environment().webhookSecret().isEmpty() && pyra.config().keys().get(ConfigStore.WEBHOOK_SECRET).isEmpty()) {
            throw new BadRequestException("secret", "no webhook secret is set: set one under Settings → Webhook");
        }
        Logins.Attempt attempt = pyra.logins().check(password.toCharArray(), ctx.ip());
        if (!(attempt instanceof Logins.Verified)) {
            SessionRoutes.refuse(ctx, attempt, "password");
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("secret", pyra.revealWebhookSecret(ctx.ip())));
    }
}
