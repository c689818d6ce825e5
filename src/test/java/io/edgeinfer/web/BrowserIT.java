package io.edgeinfer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.edgeinfer.app.Daemon;
import io.edgeinfer.config.ConfigLoader;
import io.edgeinfer.config.MachineState;
import io.edgeinfer.hardware.sim.Adxl345Sim;
import io.edgeinfer.hardware.sim.ChipSignal;
import io.edgeinfer.hardware.sim.SimulatedBoard;
import io.edgeinfer.mqtt.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The device page in a real browser (headless Chromium) against a whole daemon: an ADXL345 on the
 * simulated board, the demo model, mosquitto from apt as the broker. What a technician at the
 * machine relies on: the label follows the machine, the chart draws the last window, a failing
 * sensor says why, and the page keeps working while the broker restarts. Skipped, with the reason,
 * where Chromium or mosquitto is missing.
 */
class BrowserIT {
    private static final Path MODEL = Path.of("models/vibration_int8.pt").toAbsolutePath();
    /** {@code -Dedgeinfer.screenshot=docs/device-page.png} also writes the README's screenshot. */
    private static final String SCREENSHOT = System.getProperty("edgeinfer.screenshot");
    private static final String HEALTHY = "Healthy: the input delivers and the model answers";

    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    private final Adxl345Sim chip = new Adxl345Sim(ChipSignal.vibration(11, 400, MachineState.NORMAL));
    private Mosquitto broker;
    private Daemon daemon;
    private ChromeDriver browser;

    /** The daemon with its page, and the browser on it; {@code actions} sets {@code http.allow_actions}. */
    private void open(boolean actions) throws Exception {
        Chromium.assumeInstalled();
        Mosquitto.assumeInstalled();
        broker = new Mosquitto(dir.resolve("broker")).start();
        Path dev = Files.createDirectories(dir.resolve("dev"));
        Files.createFile(dev.resolve("i2c-1"));
        board.attachI2c(1, 0x53, chip);
        daemon = Daemon.start(new ConfigLoader(Map.of(), dev).parse("""
                device_id: line-3-motor-7
                model: {path: %s, name: vibration-mlp, version: "1.0.0", labels: [normal, imbalance, misalignment, bearing_fault]}
                source: {type: adxl345, bus: 1, address: 0x53, rate_hz: 400, range_g: 4}
                window: {size: 256, hop: 64}
                mqtt: {broker: "%s", keepalive_s: 2, reconnect: {min_ms: 50, max_ms: 500}}
                outbox: {path: "%s"}
                control: {state_dir: "%s"}
                telemetry: {interval_s: 1, idle_w: 2.7, full_w: 6.4}
                http: {enabled: true, port: 0, allow_actions: %s}
                """.formatted(MODEL, broker.url(), dir.resolve("state/outbox.db"), dir.resolve("state"), actions), dir),
                Clock.systemUTC(), board::newContext);
        browser = Chromium.start(Files.createDirectories(dir.resolve("profile")), 1280, 1400);
        browser.get("http://127.0.0.1:" + daemon.pagePort() + "/");
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (daemon != null) {
            daemon.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** The element's text, or "" while the page has not drawn it yet (a pipeline's card comes with its first event). */
    private String text(String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    private String label() {
        return text("section.pipeline .label");
    }

    private long seq() {
        List<WebElement> found = browser.findElements(By.cssSelector("section.pipeline .label"));
        String s = found.isEmpty() ? null : found.get(0).getAttribute("data-seq");
        return s == null ? -1 : Long.parseLong(s);
    }

    private void machineGoesTo(MachineState state) {
        chip.setSignal(ChipSignal.vibration(11 + state.ordinal(), 400, state));
        await("the label shows " + state.key()).atMost(Duration.ofSeconds(30)).until(() -> label().equals(state.key()));
    }

    /**
     * Pixels of the signal chart in each channel's colour (blue x, red y, green z), told apart from
     * the grey grid and scale by how far their colour is from grey.
     */
    private long[] channelPixels() {
        Object n = browser.executeScript("const c = document.querySelector('canvas.signal');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "const k = [0, 0, 0];"
                + "for (let i = 0; i < d.length; i += 4) {"
                + "  const r = d[i], g = d[i + 1], b = d[i + 2];"
                + "  if (d[i + 3] < 128) continue;"
                + "  if (b - r > 60 && b - g > 30) k[0]++;"
                + "  else if (r - b > 60 && r - g > 60) k[1]++;"
                + "  else if (g - r > 40 && g - b > 40) k[2]++;"
                + "}"
                + "return k;");
        return ((List<?>) n).stream().mapToLong(v -> ((Number) v).longValue()).toArray();
    }

    @Test
    void thePageFollowsTheMachineAndDrawsItsLastWindowWithoutAnError() throws Exception {
        open(false);
        await("the first label").atMost(Duration.ofSeconds(30)).until(() -> label().equals("normal"));
        assertThat(text("#device-id")).isEqualTo("line-3-motor-7");
        assertThat(text("#mode")).isEqualTo("read-only");
        assertThat(browser.findElement(By.cssSelector("button[data-action=rollback]")).isEnabled()).isFalse();
        assertThat(text("section.pipeline .input")).contains("ADXL345 at 0x53 on /dev/i2c-1");
        assertThat(text("section.pipeline .health")).isEqualTo(HEALTHY);

        machineGoesTo(MachineState.IMBALANCE);
        machineGoesTo(MachineState.MISALIGNMENT);
        machineGoesTo(MachineState.BEARING_FAULT);

        WebElement chart = browser.findElement(By.cssSelector("canvas.signal"));
        // Each of the three axes is drawn as a line across the chart (it is 1200 px wide).
        await("every axis drawn").atMost(Duration.ofSeconds(10))
                .until(() -> Arrays.stream(channelPixels()).allMatch(k -> k > 800));
        // Read in one script, so no update falls between: the chart shows the window the label is about.
        List<?> shown = (List<?>) browser.executeScript("const c = document.querySelector('canvas.signal');"
                + "return [c.dataset.window, c.dataset.points, document.querySelector('section.pipeline .when').textContent];");
        long drawn = Long.parseLong((String) shown.get(0));
        assertThat(shown.get(1)).isEqualTo("768");
        assertThat((String) shown.get(2)).startsWith("window " + drawn + " ");
        await("the next window drawn").atMost(Duration.ofSeconds(10))
                .until(() -> Long.parseLong(chart.getAttribute("data-window")) > drawn);
        assertThat(Integer.parseInt(browser.findElement(By.cssSelector("canvas.timeline")).getAttribute("data-runs")))
                .isGreaterThanOrEqualTo(4);
        assertThat(text("section.pipeline .latency")).matches("[0-9.]+ / [0-9.]+ ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> !text("#cpu").contains("pending"));
        assertThat(Chromium.consoleProblems(browser)).isEmpty();
        screenshot();

        // A phone: one column, nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(Duration.ofSeconds(5)).until(() -> ((Number) browser.executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth")).intValue() <= 0);
        assertThat(browser.findElement(By.cssSelector("section.pipeline .label")).isDisplayed()).isTrue();
        assertThat(Chromium.consoleProblems(browser)).isEmpty();
    }

    @Test
    void aSilentSensorShowsWhyAndThePageOutlivesABrokerRestart() throws Exception {
        open(false);
        await("the first label").atMost(Duration.ofSeconds(30)).until(() -> label().equals("normal"));
        chip.setPresent(false);
        await("the input shown degraded").atMost(Duration.ofSeconds(20))
                .until(() -> text("section.pipeline .health").startsWith("Degraded:"));
        assertThat(browser.findElement(By.cssSelector("section.pipeline .health")).getAttribute("class")).contains(
                "degraded");
        assertThat(text("section.pipeline .health-reason")).contains("ADXL345 at 0x53 on /dev/i2c-1 not answering",
                "`i2cdetect -y 1` shows 53");
        chip.setPresent(true);
        await("the input shown OK again").atMost(Duration.ofSeconds(20))
                .until(() -> text("section.pipeline .health").equals(HEALTHY));

        await().atMost(Duration.ofSeconds(10)).until(() -> text("#mqtt").equals("MQTT connected"));
        broker.stop();
        await("MQTT shown disconnected").atMost(Duration.ofSeconds(20)).until(() -> text("#mqtt").equals(
                "MQTT disconnected"));
        long during = seq();
        await("predictions go on during the outage").atMost(Duration.ofSeconds(10)).until(() -> seq() > during + 3);
        await("the outbox backlog shown").atMost(Duration.ofSeconds(10)).until(() -> !text("#outbox").startsWith("0 "));
        broker.start();
        await("MQTT shown connected again").atMost(Duration.ofSeconds(30)).until(() -> text("#mqtt").equals(
                "MQTT connected"));
        machineGoesTo(MachineState.MISALIGNMENT);
        assertThat(text("#stream")).isEqualTo("live");
        assertThat(Chromium.consoleProblems(browser)).isEmpty();
    }

    @Test
    void anOperatorRestartsTheInputFromThePage() throws Exception {
        open(true);
        await("the first label").atMost(Duration.ofSeconds(30)).until(() -> label().equals("normal"));
        assertThat(text("#mode")).isEqualTo("actions on");
        assertThat(browser.findElement(By.cssSelector("button[data-action=rollback]")).isEnabled())
                .as("one version: nothing to roll back to").isFalse();
        browser.findElement(By.cssSelector("button[data-action=restart-source]")).click();
        browser.switchTo().alert().accept();
        await("the restart confirmed").atMost(Duration.ofSeconds(30))
                .until(() -> text("section.pipeline .action-result").equals("The input restarted."));
        long after = seq();
        await("predictions after the restart").atMost(Duration.ofSeconds(20)).until(() -> seq() > after + 2);
        assertThat(Chromium.consoleProblems(browser)).isEmpty();
    }

    /** target/device-page.png, and the README's when asked for. */
    private void screenshot() throws Exception {
        Number height = (Number) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1280, Math.min(4000, height.intValue() + 20)));
        WebElement chart = browser.findElement(By.cssSelector("canvas.signal"));
        String before = chart.getAttribute("data-window");
        // The next window is drawn at the new size.
        await().atMost(Duration.ofSeconds(10)).until(() -> !before.equals(chart.getAttribute("data-window")));
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        Files.write(Path.of("target/device-page.png"), png);
        if (SCREENSHOT != null) {
            Files.write(Path.of(SCREENSHOT), png);
        }
    }
}
