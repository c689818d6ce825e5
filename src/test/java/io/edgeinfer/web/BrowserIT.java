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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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

    @TempDir
    Path dir;

    private final SimulatedBoard board = new SimulatedBoard();
    private final Adxl345Sim chip = new Adxl345Sim(ChipSignal.vibration(11, 400, MachineState.NORMAL));
    private Mosquitto broker;
    private Daemon daemon;
    private ChromeDriver browser;

    @BeforeEach
    void start() throws Exception {
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
                telemetry: {interval_s: 1, idle_w: 2.7, full_w: 6.4}
                http: {enabled: true, port: 0}
                """.formatted(MODEL, broker.url(), dir.resolve("state/outbox.db")), dir), Clock.systemUTC(), board::newContext);
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

    private String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private String label() {
        return text("section.pipeline .label");
    }

    private long seq() {
        String s = browser.findElement(By.cssSelector("section.pipeline .label")).getAttribute("data-seq");
        return s == null ? -1 : Long.parseLong(s);
    }

    private void machineGoesTo(MachineState state) {
        chip.setSignal(ChipSignal.vibration(11 + state.ordinal(), 400, state));
        await().atMost(Duration.ofSeconds(30)).until(() -> label().equals(state.key()));
    }

    /** Pixels drawn on the signal chart (not transparent). */
    private long drawnPixels() {
        Object n = browser.executeScript("const c = document.querySelector('canvas.signal');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let k = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++; return k;");
        return ((Number) n).longValue();
    }

    @Test
    void thePageFollowsTheMachineAndDrawsItsLastWindowWithoutAnError() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> label().equals("normal"));
        assertThat(text("#device-id")).isEqualTo("line-3-motor-7");
        assertThat(text("#mode")).isEqualTo("read-only");
        assertThat(browser.findElement(By.cssSelector("button[data-action=rollback]")).isEnabled()).isFalse();
        assertThat(text("section.pipeline .input")).contains("ADXL345 at 0x53 on /dev/i2c-1");
        assertThat(text("section.pipeline .health")).isEqualTo("Input OK");

        machineGoesTo(MachineState.IMBALANCE);
        machineGoesTo(MachineState.MISALIGNMENT);
        machineGoesTo(MachineState.BEARING_FAULT);

        WebElement chart = browser.findElement(By.cssSelector("canvas.signal"));
        await().atMost(Duration.ofSeconds(10)).until(() -> drawnPixels() > 1000);
        long drawn = Long.parseLong(chart.getAttribute("data-window"));
        assertThat(chart.getAttribute("data-points")).isEqualTo("768");
        assertThat(text("section.pipeline .when")).startsWith("window " + drawn + " ");
        await().atMost(Duration.ofSeconds(10)).until(() -> Long.parseLong(chart.getAttribute("data-window")) > drawn);
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
        await().atMost(Duration.ofSeconds(30)).until(() -> label().equals("normal"));
        chip.setPresent(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> text("section.pipeline .health").startsWith("Input degraded"));
        assertThat(browser.findElement(By.cssSelector("section.pipeline .health")).getAttribute("class")).contains("degraded");
        assertThat(text("section.pipeline .health-reason")).contains("ADXL345 at 0x53 on /dev/i2c-1 not answering",
                "`i2cdetect -y 1` shows 53");
        chip.setPresent(true);
        await().atMost(Duration.ofSeconds(20)).until(() -> text("section.pipeline .health").equals("Input OK"));

        await().atMost(Duration.ofSeconds(10)).until(() -> text("#mqtt").equals("MQTT connected"));
        broker.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> text("#mqtt").equals("MQTT disconnected"));
        long during = seq();
        await().atMost(Duration.ofSeconds(10)).until(() -> seq() > during + 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> !text("#outbox").startsWith("0 "));
        broker.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> text("#mqtt").equals("MQTT connected"));
        machineGoesTo(MachineState.MISALIGNMENT);
        assertThat(text("#stream")).isEqualTo("live");
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
