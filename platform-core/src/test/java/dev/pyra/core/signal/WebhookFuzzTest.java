package dev.pyra.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The webhook's checks before storage, on generated bodies: valid ones, each field broken in the
 * ways senders break it (wrong types, empty, huge, exotic numbers and times, unicode), the text
 * itself truncated or flipped, and raw bytes. Every body gets a verdict — refused with a 4xx and a
 * reason, or a signal whose fields make sense — never an exception, and the same body always gets
 * the same verdict. {@code -Dpyra.fuzz=N} runs N bodies (the long profile: 1,000,000).
 */
class WebhookFuzzTest {
    private static final String SECRET = "fuzz-secret-value";
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "BINANCE:BTCUSDT", "BTC/USDT", "btc_usdt", "BTC-USDT", "ETHUSDT",
            "DOGEUSDT", "", " ", "BTC", "USDT", "BTCUSDTBTCUSDT", "ÄÖÜ", "BTC\u0000USDT", "x".repeat(300), ":", "/", "BINANCE:", "A:B:C");
    private static final List<String> TIMEFRAMES = List.of("1", "5", "15", "60", "240", "1D", "1W", "1M", "30S", "0", "-1", "D", "99999999",
            "1.5", "", "60m", "1h");
    private static final List<String> PRICES = List.of("64000.1", "0.00000001", "1", "0", "-1", "-0.0", "1e5", "1E-5", "1e999999999",
            "1e-999999999", "NaN", "Infinity", "0x10", " 1 ", "1,5", "１２", "9".repeat(500), "0." + "0".repeat(400) + "1", "", "+5", ".5", "5.");
    private static final List<String> TIMES = List.of("2026-11-23T10:15:00Z", "2026-11-23T10:15:00.123456789Z", "1764000000",
            "1764000000000", "0", "-1", "99999999999999999999", "9".repeat(19), "2026-13-45T99:99:99Z", "yesterday", "",
            "+1000000000-12-31T23:59:59.999999999Z", "2026-11-23T10:15:00+01:00", "1e10");

    private final WebhookIntake intake = new WebhookIntake(() -> SECRET, () -> 60, new SignalParser(new FakeDirectory()), null, null,
            java.time.Clock.systemUTC());

    @Test
    void everyBodyGetsAVerdictAndTheSameOneTwice() {
        int[] verdicts = new int[600];
        int count = Fuzz.run("webhook bodies", 20_000, random -> {
            byte[] body = body(random);
            WebhookIntake.Checked first = intake.check(body, false);
            WebhookIntake.Checked second = intake.check(body.clone(), false);
            assertThat(second).as("the same verdict for the same body").isEqualTo(first);
            if (first instanceof WebhookIntake.Refused refused) {
                assertThat(refused.status()).as(refused.toString()).isIn(400, 401, 413);
                assertThat(refused.message()).isNotBlank();
                verdicts[refused.status()]++;
            } else {
                Signal signal = ((WebhookIntake.Parsed) first).signal();
                assertThat(signal.exchange()).isNotBlank();
                assertThat(signal.venueSymbol()).isNotBlank();
                assertThat(signal.action()).isNotNull();
                assertThat(signal.type()).isNotNull();
                if (signal.price() != null) {
                    assertThat(signal.price().signum()).isPositive();
                }
                if (signal.clientId() != null) {
                    assertThat(signal.clientId().length()).isLessThanOrEqualTo(200);
                }
                verdicts[202]++;
            }
        });
        System.out.printf("WebhookFuzzTest: %d bodies, 0 failures: %d signals, %d × 400, %d × 401, %d × 413%n",
                count, verdicts[202], verdicts[400], verdicts[401], verdicts[413]);
        assertThat(verdicts[202]).as("the generator reaches valid signals too").isPositive();
        assertThat(verdicts[400]).isPositive();
    }

    private static byte[] body(Random random) {
        int kind = random.nextInt(100);
        if (kind < 4) {
            byte[] raw = new byte[random.nextInt(200)];
            random.nextBytes(raw);
            return raw;
        }
        if (kind < 5) {
            return ("{\"a\":" + "[".repeat(random.nextInt(3000)) + "}").getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 6) {
            return ("{\"secret\":\"" + SECRET + "\",\"pad\":\"" + "x".repeat(65_000 + random.nextInt(2_000)) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder json = new StringBuilder("{");
        field(json, random, "secret", random.nextInt(20) == 0 ? value(random, List.of("wrong", "", SECRET + " ")) : quoted(SECRET));
        field(json, random, "exchange", value(random, List.of("paper", "PAPER", "okx", "binance", "", "nope")));
        field(json, random, "symbol", value(random, SYMBOLS));
        field(json, random, "timeframe", value(random, TIMEFRAMES));
        field(json, random, "action", value(random, List.of("buy", "sell", "BUY", "Sell", "hold", "")));
        field(json, random, "type", value(random, List.of("entry", "exit", "ENTRY", "close", "")));
        field(json, random, "position", value(random, List.of("long", "short", "flat", "FLAT", "sideways", "")));
        field(json, random, "price", value(random, PRICES));
        field(json, random, "id", value(random, List.of("a-1", "x".repeat(200), "x".repeat(201), "ü∂ƒ©", "", "id\"quote")));
        field(json, random, "time", value(random, TIMES));
        if (random.nextInt(10) == 0) {
            field(json, random, "extra" + random.nextInt(5), value(random, List.of("1", "x")));
        }
        if (json.length() > 1) {
            json.setLength(json.length() - 1);
        }
        json.append('}');
        String text = json.toString();
        if (random.nextInt(10) < 2) {
            text = mutate(random, text);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, Random random, String name, String value) {
        if (random.nextInt(30) == 0) {
            return; // left out
        }
        json.append('"').append(name).append("\":").append(value).append(',');
        if (random.nextInt(40) == 0) {
            json.append('"').append(name).append("\":").append(value).append(','); // the key twice
        }
    }

    /** The value as the JSON types a sender might use for it: string, number, null, bool, array, object. */
    private static String value(Random random, List<String> choices) {
        // the first choice of each list is a good value: most fields are right, so whole signals get through too
        String choice = choices.get(random.nextInt(10) < 8 ? 0 : random.nextInt(choices.size()));
        return switch (random.nextInt(40)) {
            case 0 -> "null";
            case 1 -> random.nextBoolean() ? "true" : "false";
            case 2 -> "[" + quoted(choice) + "]";
            case 3 -> "{\"v\":" + quoted(choice) + "}";
            case 4, 5 -> choice.matches("-?[0-9.eE+-]+") && !choice.isEmpty() ? choice : quoted(choice); // a bare JSON number
            default -> quoted(choice);
        };
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String mutate(Random random, String text) {
        if (text.isEmpty()) {
            return text;
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(5)) {
            case 0 -> text.substring(0, at); // truncated
            case 1 -> text.substring(0, at) + (char) random.nextInt(0x3000) + text.substring(at + 1); // a character replaced
            case 2 -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 20)) + text.substring(at); // a chunk doubled
            case 3 -> text.substring(0, at) + "\\" + text.substring(at); // a stray escape
            default -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + random.nextInt(10))); // a chunk removed
        };
    }
}
