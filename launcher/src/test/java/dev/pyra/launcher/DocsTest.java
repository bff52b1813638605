package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The documentation cannot drift from the code: the OpenAPI document is OpenAPI 3.1, has every
 * route of the contract and every route the server has, each described; the API and configuration
 * references in {@code docs/} are what the running server generates (rewrite them with
 * {@code -Dpyra.docs.write=true}); every answer Pyra gives is in the troubleshooting page; every
 * relative link and image in the docs resolves.
 */
class DocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DOCS = ROOT.resolve("docs");
    private static final boolean WRITE = Boolean.getBoolean("pyra.docs.write");

    /** Every route in the contract of ARCHITECTURE.md (the UI port's, under /api/v1, and the webhook). */
    private static final List<String> CONTRACT = List.of(
            "POST /webhook",
            "GET /api/v1/health", "GET /api/v1/groups", "GET /api/v1/groups/{id}", "GET /api/v1/pool", "GET /api/v1/risk",
            "GET /api/v1/orders", "GET /api/v1/signals", "GET /api/v1/stats", "GET /api/v1/plugins", "GET /api/v1/logs",
            "GET /api/v1/config", "PUT /api/v1/config", "POST /api/v1/groups/{id}/close", "POST /api/v1/paper/ticks",
            "POST /api/v1/session", "GET /api/v1/session", "DELETE /api/v1/session", "POST /api/v1/setup", "GET /api/v1/stream",
            "PUT /api/v1/keys/{owner}", "GET /api/v1/keys", "DELETE /api/v1/keys/{owner}", "GET /api/v1/logs/export",
            "POST /api/v1/signals/{id}/replay", "POST /api/v1/config/apply", "GET /api/v1/config/backup",
            "POST /api/v1/config/restore", "POST /api/v1/plugins", "POST /api/v1/plugins/{id}/enable",
            "POST /api/v1/plugins/{id}/disable", "GET /api/v1/stats/equity.csv", "GET /api/v1/hooks/{name}",
            "PUT /api/v1/hooks/{name}", "POST /api/v1/hooks/{name}/dry-run", "GET /api/v1/openapi.json");

    @TempDir
    static Path dataDir;
    static Scenario scenario;
    static RunningPyra pyra;

    @BeforeAll
    static void start() {
        scenario = Scenario.start(dataDir, """
                {"maxPyramids": 1, "capitalPerPyramid": "100", "entryOrder": "market",
                 "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]}""");
        pyra = scenario.pyra;
    }

    @AfterAll
    static void stop() {
        scenario.close();
    }

    @Test
    void theOpenApiDocumentIsOpenApi31WithEveryContractRouteEachDescribed() {
        RunningPyra.Response answer = pyra.get("/api/v1/openapi.json");
        assertThat(answer.status()).isEqualTo(200);

        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(answer.body());
        assertThat(parsed.getMessages()).as("the parser's complaints").isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        parsed.getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, operation) -> documented.add(method.name() + " " + path)));
        assertThat(documented).containsAll(CONTRACT);
        assertThat(answer.body()).doesNotContain("(not described)");
        assertThat(pyra.server().api().apiDescriptionDrift()).as("routes and their descriptions").isEmpty();
    }

    @Test
    void everyReadRouteInTheDocumentAnswers() {
        JsonNode paths = pyra.get("/api/v1/openapi.json").json().get("paths");
        List<String> missing = new ArrayList<>();
        for (String path : paths.propertyNames()) {
            boolean readable = paths.get(path).has("get") && !path.contains("{") && !path.equals("/api/v1/stream")
                    && !path.equals("/api/v1/session"); // a browser's route: a bearer token is told it needs none (400)
            if (readable) {
                int status = pyra.get(path).status();
                if (status != 200) {
                    missing.add(path + " → " + status);
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(pyra.get("/api/v1/groups/424242").body()).as("a path parameter's route exists: our 404, not the router's")
                .contains("\"error\"");
    }

    @Test
    void theApiReferenceIsTheOneTheServerGenerates() throws IOException {
        String generated = apiReference(pyra.get("/api/v1/openapi.json").json());
        golden(DOCS.resolve("api-reference.md"), generated);
    }

    @Test
    void theConfigurationReferenceDocumentsEveryKeyOfTheSchema() throws IOException {
        JsonNode schema = pyra.get("/api/v1/config/schema").json();
        List<String[]> keys = new ArrayList<>();
        keys(schema, schema, "", keys);
        assertThat(keys).hasSizeGreaterThan(40);
        assertThat(keys.stream().filter(k -> k[2].isBlank()).map(k -> k[0]).toList()).as("keys without a description").isEmpty();
        golden(DOCS.resolve("configuration-reference.md"), configurationReference(keys));
    }

    @Test
    void everyAnswerPyraGivesIsInTheTroubleshootingPage() throws IOException {
        String page = Files.readString(DOCS.resolve("troubleshooting.md"));
        Set<String> statuses = new TreeSet<>(List.of("401", "403", "413", "429", "503")); // also set by filters and the intake
        Pattern status = Pattern.compile("(?:status\\(|WebhookAnswer\\.error\\(|BadSignalException\\(|routes\\.error\\()(\\d{3})");
        for (Path source : javaSources()) {
            Matcher matcher = status.matcher(Files.readString(source));
            while (matcher.find()) {
                if (matcher.group(1).startsWith("4") || matcher.group(1).startsWith("5")) {
                    statuses.add(matcher.group(1));
                }
            }
        }
        assertThat(statuses).contains("400", "404", "409", "500", "502");
        List<String> missing = new ArrayList<>();
        statuses.stream().filter(code -> !page.contains("`" + code + "`")).forEach(code -> missing.add("HTTP " + code));
        for (dev.pyra.api.exchange.ErrorKind kind : dev.pyra.api.exchange.ErrorKind.values()) {
            if (!page.contains("`" + kind.name() + "`")) {
                missing.add("venue error " + kind);
            }
        }
        for (String code : List.of("-1013", "-1121", "-2010", "-2011")) {
            if (!page.contains(code)) {
                missing.add("paper venue code " + code);
            }
        }
        for (String code : List.of("`0`", "`1`", "`3`")) {
            if (!page.contains(code)) {
                missing.add("exit code " + code);
            }
        }
        for (String webhookStatus : List.of("executed", "queued", "replaced", "ignored", "rejected")) {
            if (!page.contains("`" + webhookStatus + "`")) {
                missing.add("webhook status " + webhookStatus);
            }
        }
        if (!page.contains("duplicate")) {
            missing.add("the duplicate answer");
        }
        String precision = Files.readString(ROOT.resolve("platform-core/src/main/java/dev/pyra/core/precision/PrecisionEngine.java"));
        for (String block : List.of("no symbol rules for this symbol", "quantity rounds to zero", "is below the venue's minimum",
                "is above the venue's maximum", "rounds to zero at the tick", "no usable price", "is not trading on the venue")) {
            assertThat(precision).as("the precision engine still says it").contains(block);
            if (!page.contains(block)) {
                missing.add("precision block '" + block + "'");
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void everyRelativeLinkAndImageInTheDocsResolves() throws IOException {
        Pattern link = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(DOCS)) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher matcher = link.matcher(Files.readString(page));
            while (matcher.find()) {
                String target = matcher.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
                    continue; // http(s), mailto: not checked offline; same-page anchors
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                if (!Files.exists(page.getParent().resolve(file))) {
                    broken.add(ROOT.relativize(page) + " → " + target);
                }
            }
        }
        assertThat(pages).hasSizeGreaterThan(15);
        assertThat(broken).isEmpty();
    }

    @Test
    void everyDocsPageIsInTheReadmeAndOnTheHelpPage() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String help = Files.readString(ROOT.resolve("webui/src/main/resources/public/app/help.js"));
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.list(DOCS)) {
            for (Path page : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String name = page.getFileName().toString();
                if (!readme.contains("](docs/" + name + ")")) {
                    missing.add("README: " + name);
                }
                if (!help.contains("['" + name.replace(".md", "") + "',")) {
                    missing.add("help.js: " + name);
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void theHelpPageServesTheDocsAndTheDiagramLibraryFromThisMachine() {
        RunningPyra.Response diagrams = pyra.getWithoutToken("/docs/diagrams.md");
        assertThat(diagrams.status()).isEqualTo(200);
        assertThat(diagrams.body()).contains("```mermaid");
        String page = pyra.getWithoutToken("/").body();
        Matcher mermaid = Pattern.compile("\"mermaid/\": \"(/webjars/mermaid/[^\"]+)\"").matcher(page);
        Matcher marked = Pattern.compile("\"marked\": \"(/webjars/marked/[^\"]+)\"").matcher(page);
        assertThat(mermaid.find() && marked.find()).as("the import map names both").isTrue();
        assertThat(pyra.getWithoutToken(mermaid.group(1) + "dist/mermaid.min.js").status()).isEqualTo(200);
        assertThat(pyra.getWithoutToken(marked.group(1)).status()).isEqualTo(200);
    }

    private static void golden(Path file, String generated) throws IOException {
        if (WRITE) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(file)).as(file + " exists (write it with -Dpyra.docs.write=true)").isTrue();
        assertThat(Files.readString(file)).as(file.getFileName() + " is stale: regenerate it with "
                + "./mvnw -pl launcher verify -Dit.test=none -Dtest=DocsTest -Dpyra.docs.write=true").isEqualTo(generated);
    }

    private static List<Path> javaSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("webui", "platform-core", "launcher")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        return sources;
    }

    private static String apiReference(JsonNode openApi) {
        StringBuilder out = new StringBuilder("""
                # REST API reference

                <!-- Generated from GET /api/v1/openapi.json by DocsTest: do not edit; rewrite with -Dpyra.docs.write=true -->

                Every route Pyra serves, read from the running server's router. Access, the error shape, the live
                stream and the changelog are in [api.md](api.md); every error answer is in
                [troubleshooting.md](troubleshooting.md). The machine-readable document is `GET /api/v1/openapi.json`
                (OpenAPI 3.1): load it into any OpenAPI viewer or client generator.

                """);
        Map<String, List<String>> byTag = new TreeMap<>();
        JsonNode paths = openApi.get("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.get(path).propertyNames()) {
                JsonNode operation = paths.get(path).get(method);
                if (!operation.isObject() || !operation.has("operationId")) {
                    continue;
                }
                StringBuilder row = new StringBuilder("| `" + method.toUpperCase() + "` | `" + path + "` | "
                        + cell(operation.get("summary").asString()));
                if (operation.has("description")) {
                    row.append(" ").append(cell(operation.get("description").asString()));
                }
                List<String> query = new ArrayList<>();
                for (JsonNode parameter : operation.path("parameters")) {
                    if ("query".equals(parameter.get("in").asString())) {
                        query.add("`" + parameter.get("name").asString() + "`: " + cell(parameter.get("description").asString()));
                    }
                }
                row.append(" | ").append(String.join("<br>", query)).append(" | ")
                        .append(operation.has("security") ? "open" : "session or token").append(" |");
                byTag.computeIfAbsent(operation.get("tags").get(0).asString(), t -> new ArrayList<>()).add(row.toString());
            }
        }
        byTag.forEach((tag, rows) -> {
            out.append("## ").append(tag).append("\n\n| method | path | what | query | access |\n|---|---|---|---|---|\n");
            rows.forEach(row -> out.append(row).append('\n'));
            out.append('\n');
        });
        return out.toString();
    }

    private static void keys(JsonNode root, JsonNode schema, String prefix, List<String[]> out) {
        JsonNode properties = schema.path("properties");
        for (String name : properties.propertyNames()) {
            JsonNode property = resolved(root, properties.get(name));
            String key = prefix + name;
            out.add(new String[] {key, type(properties.get(name), property), description(property), constraints(property)});
            JsonNode items = resolved(root, property.path("items"));
            JsonNode each = resolved(root, property.path("additionalProperties"));
            if (property.has("properties")) {
                keys(root, property, key + ".", out);
            }
            if (each.has("properties")) { // a map: exchanges.<venue id>
                String any = key + ".<" + (key.equals("exchanges") ? "venue id" : "name") + ">";
                out.add(new String[] {any, "object", description(each).isBlank() ? "Each entry of " + key + "." : description(each), ""});
                keys(root, each, any + ".", out);
            } else if (items.has("properties")) {
                keys(root, items, key + "[].", out);
            }
        }
    }

    /** The property with its {@code $ref}'s definition under it (the property's own fields win). */
    private static JsonNode resolved(JsonNode root, JsonNode property) {
        if (!property.has("$ref")) {
            return property;
        }
        tools.jackson.databind.node.ObjectNode merged = ((tools.jackson.databind.node.ObjectNode) root.at(property.get("$ref").asString().substring(1))).deepCopy();
        property.properties().forEach(field -> {
            if (!field.getKey().equals("$ref")) {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return merged;
    }

    private static String type(JsonNode declared, JsonNode property) {
        if (declared.has("$ref") && declared.get("$ref").asString().endsWith("ecimal")) {
            return "decimal";
        }
        if (property.has("type")) {
            return property.get("type").isArray() ? String.join(" or ", property.get("type").valueStream().map(JsonNode::asString).toList())
                    : property.get("type").asString();
        }
        return property.has("enum") ? "string" : property.has("oneOf") || property.has("anyOf") ? "one of several" : "any";
    }

    private static String description(JsonNode property) {
        String title = property.path("title").asString("");
        String description = property.path("description").asString("");
        return (title.isBlank() || description.startsWith(title) ? description : title + ". " + description).trim();
    }

    private static String constraints(JsonNode property) {
        List<String> parts = new ArrayList<>();
        if (property.has("default")) {
            JsonNode value = property.get("default");
            parts.add("default `" + (value.isString() && !value.asString().isEmpty() ? value.asString() : value.toString()) + "`");
        }
        for (String bound : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "pattern")) {
            boolean decimalsOwn = bound.equals("pattern") && (property.path(bound).asString().startsWith("^-?[0-9]")
                    || property.path(bound).asString().startsWith("^[0-9]"));
            if (property.has(bound) && !decimalsOwn) {
                parts.add(bound + " `" + (property.get(bound).isString() ? property.get(bound).asString() : property.get(bound).toString()) + "`");
            }
        }
        if (property.has("enum")) {
            parts.add("one of " + String.join(", ", property.get("enum").valueStream().map(v -> "`" + v.asString() + "`").toList()));
        }
        return String.join("; ", parts);
    }

    private static String configurationReference(List<String[]> keys) {
        StringBuilder out = new StringBuilder("""
                # Configuration reference

                <!-- Generated from GET /api/v1/config/schema by DocsTest: do not edit; rewrite with -Dpyra.docs.write=true -->

                Every key of `config.json`, generated from the JSON Schema Pyra validates it with (the same schema
                Settings draws its forms from). How to change the config, backups and what a change does to a
                running engine: [configuration.md](configuration.md). `a[].b` is the key `b` of each item of the
                list `a`. Money and quantities are decimal strings (`"1000"`), never numbers.

                | key | type | what | default and range |
                |---|---|---|---|
                """);
        for (String[] key : keys) {
            out.append("| `").append(key[0]).append("` | ").append(key[1]).append(" | ").append(cell(key[2])).append(" | ")
                    .append(cell(key[3])).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
