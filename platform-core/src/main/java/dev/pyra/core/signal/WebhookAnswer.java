package dev.pyra.core.signal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The webhook's HTTP answer: a status and a small JSON body. */
public record WebhookAnswer(int status, Map<String, Object> body) {

    static WebhookAnswer error(int status, String field, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", field == null ? message : field + ": " + message);
        if (field != null) {
            body.put("field", field);
        }
        return new WebhookAnswer(status, body);
    }

    static WebhookAnswer accepted(long signalId, SignalOutcome outcome, boolean duplicate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("signalId", signalId);
        body.put("status", outcome.status());
        body.put("reason", outcome.reason());
        if (duplicate) {
            body.put("duplicate", true);
        }
        return new WebhookAnswer(202, body);
    }
}
