package io.linegate.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.linegate.gateway.app.Gateway;
import io.linegate.gateway.config.ConfigLoader;
import io.linegate.sim.Fleet;
import io.linegate.sim.FleetConfig;
import io.linegate.sim.PayloadFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Verifies the dashboard in a real browser (the system's headless Chromium, driven through its
 * chromedriver by Selenium) against a gateway fed by a simulated fleet in real time on a real
 * broker (HiveMQ CE embedded): the page loads without console errors, draws its charts, updates a
 * line's latest prediction live from the event stream, and shows markup that arrived in a
 * rejected payload and topic as inert text. Measures the page load time and writes a screenshot
 * to {@code target/dashboard.png}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DashboardBrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String XSS_PAYLOAD = "<img src=x onerror=alert(1)><script>alert(2)</script>";
    static final String XSS_TOPIC = "sensors/<img src=x onerror=alert(3)>/feed";

    @RegisterExtension
    static final HiveMqBroker broker = new HiveMqBroker();

    @TempDir
    Path storage;

    @Test
    void dashboardLoadsDrawsChartsUpdatesLiveAndRendersHostileTextInert() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium/chromedriver not installed: apt-get install chromium chromium-driver");
        ThreadLeakCheck threads = new ThreadLeakCheck();
        // Real-time traffic on a busy machine: a second of lateness, as the demo allows, keeps
        // the dead letters to the hostile input.
        String yaml = TestBrokers.gatewayYaml(broker.uri(), "dashboard-it", "protobuf", storage, null)
                .replace("lateness: 0ms", "lateness: 1s");
        assertThat(yaml).contains("lateness: 1s");
        try (Gateway gateway = Gateway.start(ConfigLoader.parse(yaml), Clock.systemUTC(), new SimpleMeterRegistry())) {
            await().atMost(Duration.ofSeconds(60)).until(gateway::ready);
            FleetConfig fleetConfig = FleetConfig.builder().brokerUri(broker.uri()).clientId("dashboard-it-fleet")
                    .lines(2).ratePerSecond(10).seed(7).format(PayloadFormat.JSON).qos(1).realtime()
                    .duration(Duration.ofSeconds(120)).build();
            try (Fleet fleet = Fleet.start(fleetConfig)) {
                sendHostileInput();
                await("dead letters").atMost(Duration.ofSeconds(30)).until(() ->
                        gateway.rejections().deadLetters().total() >= 2);
                await("predictions with values").atMost(Duration.ofSeconds(60)).until(() ->
                        Meters.count(gateway.meters(), "linegate.predictions") >= 16);
                ChromeDriver driver = browser();
                try {
                    check(driver, gateway.httpUrl());
                } finally {
                    driver.quit();
                }
            }
        }
        threads.assertNoNewThreads("linegate-", "MQTT");
    }

    private void check(ChromeDriver driver, String url) throws Exception {
        driver.get(url + "/");
        JavascriptExecutor js = driver;
        await("page loaded").atMost(Duration.ofSeconds(30)).until(() ->
                "complete".equals(js.executeScript("return document.readyState")));
        Number loadMs = (Number) js.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                + " return n.loadEventEnd - n.startTime;");
        System.out.printf("Dashboard page load time (navigation start to loadEventEnd): %.0f ms%n",
                loadMs.doubleValue());

        await("lines shown").atMost(Duration.ofSeconds(30)).until(() ->
                driver.findElements(By.cssSelector("article.line .latest[data-seq]")).size() == 2);
        WebElement latest = driver.findElement(By.cssSelector("article.line[data-line] .latest"));
        String first = latest.getText();
        await("latest prediction updated live").atMost(Duration.ofSeconds(20))
                .until(() -> !latest.getText().equals(first));
        assertThat(latest.getText()).contains("predicted", "actual");
        await("connection badge").atMost(Duration.ofSeconds(10)).until(() ->
                driver.findElement(By.id("connection")).getText().equals("live"));

        await("chart drawn").atMost(Duration.ofSeconds(20)).until(() -> ((Number) js.executeScript(
                "const c = document.querySelector('article.line .chart canvas');"
                        + " if (!c || c.width === 0) return 0;"
                        + " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + " let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; } return n;"))
                .longValue() > 500);
        await("ingest rate shown").atMost(Duration.ofSeconds(20)).until(() ->
                driver.findElement(By.id("stat-ingest")).getText().contains("readings/s"));

        await("dead letters shown").atMost(Duration.ofSeconds(20)).until(() ->
                driver.findElements(By.cssSelector("#deadletters td.sample")).stream()
                        .anyMatch(td -> td.getText().contains(XSS_PAYLOAD)));
        assertThat(driver.findElements(By.cssSelector("#deadletters td.topic")))
                .anyMatch(td -> td.getText().equals(XSS_TOPIC));
        assertThat((Long) js.executeScript("return document.images.length")).as("no injected <img>").isZero();
        assertThat((Long) js.executeScript("return document.querySelectorAll('main script, #deadletters *')"
                + ".length - document.querySelectorAll('#deadletters thead, #deadletters tbody, #deadletters tr,"
                + " #deadletters th, #deadletters td').length")).as("only table elements in the dead letters").isZero();
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertThat(errors).as("browser console warnings and errors").isEmpty();

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
        System.out.println("Dashboard screenshot: " + shot.toAbsolutePath());
    }

    private static ChromeDriver browser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log"))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1350",
                "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    private static void sendHostileInput() throws Exception {
        MqttAsyncClient attacker = new MqttAsyncClient(broker.uri(), "attacker-" + UUID.randomUUID(),
                new MemoryPersistence());
        try {
            attacker.connect().waitForCompletion(10_000);
            attacker.publish("sensors/L1/feed", new MqttMessage(XSS_PAYLOAD.getBytes(StandardCharsets.UTF_8), 1,
                    false, null)).waitForCompletion(10_000);
            attacker.publish(XSS_TOPIC, new MqttMessage("1.0".getBytes(StandardCharsets.UTF_8), 1, false, null))
                    .waitForCompletion(10_000);
            attacker.disconnect().waitForCompletion(10_000);
        } finally {
            attacker.close();
        }
    }
}
