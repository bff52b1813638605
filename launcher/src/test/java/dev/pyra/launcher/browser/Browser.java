package dev.pyra.launcher.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium, driven by its chromedriver, as a user drives the web app. A test
 * that needs it fails when it is missing (install {@code chromium} and {@code chromium-driver}:
 * {@code .ci/run} does), never skips. After each test {@link #problems} lists every console
 * error and every request that left the machine: the tests fail on either.
 */
public final class Browser implements AutoCloseable {
    private static final Path CHROMIUM = Path.of(System.getProperty("pyra.chromium", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("pyra.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public final ChromeDriver driver;
    private final String origin;
    private final List<String> outside = new ArrayList<>();
    private final List<String> consoleErrors = new ArrayList<>();

    public Browser(int port) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new AssertionError("No browser for the web app's tests: " + CHROMIUM + " or " + DRIVER + " is missing. "
                    + "Install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver), as .ci/run does.");
        }
        this.origin = "http://127.0.0.1:" + port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        Path profile;
        try {
            profile = Files.createTempDirectory("pyra-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the background-networking flags keep Chromium from calling Google's hosts on its own
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                "--disable-extensions", "--mute-audio", "--window-size=1440,900", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().implicitlyWait(Duration.ZERO);
        try {
            this.downloads = Files.createTempDirectory("pyra-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString(),
                "eventsEnabled", true));
    }

    private final Path downloads;

    /** Waits for a finished download whose name starts with {@code prefix}, and answers its file. */
    public Path awaitDownload(String prefix) {
        Path file = new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            try (var files = Files.list(downloads)) {
                // Chromium may show the file under its final name before its bytes are in: wait for them
                return files.filter(f -> f.getFileName().toString().startsWith(prefix) && !f.getFileName().toString().endsWith(".crdownload"))
                        .filter(f -> f.toFile().length() > 0).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        // and until its size holds still
        long size = -1;
        for (int i = 0; i < 50 && size != file.toFile().length(); i++) {
            size = file.toFile().length();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return file;
    }

    /** Forgets the downloads so far (a later {@link #awaitDownload} sees only new ones). */
    public void clearDownloads() {
        try (var files = Files.list(downloads)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A restart closes the server under the page: while it is down the browser logs its refused
     * connections (the stream's reconnects, a read in flight). Those lines, and only those, are
     * expected; every other console error still fails the test.
     */
    public void forgiveRestartConnectionErrors() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String message = entry.getMessage();
            boolean connectionLost = message.contains("ERR_CONNECTION_REFUSED") || message.contains("ERR_CONNECTION_RESET")
                    || message.contains("ERR_EMPTY_RESPONSE") || message.contains("/api/v1/stream' failed")
                    || message.contains("Failed to fetch");
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !connectionLost) {
                consoleErrors.add(message);
            }
        }
    }

    public void open(String path) {
        driver.get(origin + path);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until {@code css} matches an element (the app renders asynchronously), and answers it. */
    public WebElement await(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    public void awaitText(String css, String text) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
                List<WebElement> found = d.findElements(By.cssSelector(css));
                return !found.isEmpty() && found.getFirst().getText().contains(text);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            List<WebElement> found = all(css);
            throw new AssertionError("'" + css + "' never showed '" + text + "'; it shows: "
                    + (found.isEmpty() ? "(nothing)" : found.getFirst().getText()), e);
        }
    }

    public void awaitTrue(String script) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return " + script)));
    }

    public Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors and requests to anywhere but Pyra itself, since the last call. */
    public List<String> problems() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asString("").equals("Network.requestWillBeSent")) {
                String url = message.path("params").path("request").path("url").asString("");
                // the browser's own pages (chrome://, about:, data:) stay inside it; anything on the network must be Pyra's
                boolean network = url.startsWith("http:") || url.startsWith("https:") || url.startsWith("ws:") || url.startsWith("wss:")
                        || url.startsWith("ftp:");
                if (network && !url.startsWith(origin + "/") && !url.startsWith(origin.replace("http:", "ws:") + "/")) {
                    outside.add(url);
                }
            }
        }
        List<String> problems = new ArrayList<>();
        consoleErrors.forEach(e -> problems.add("console error: " + e));
        outside.forEach(u -> problems.add("request left the machine: " + u));
        consoleErrors.clear();
        outside.clear();
        return problems;
    }

    public static Map<String, Object> noArgs() {
        return Map.of();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
