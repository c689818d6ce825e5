package io.edgeinfer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hardware, replay and camera source keys, with device nodes checked under a fake /dev. */
class SourceConfigReaderTest {
    private static final String MODEL = "device_id: d\nmodel: {path: m.pt, labels: [a, b]}\n";

    @TempDir
    Path dev;

    @TempDir
    Path base;

    @BeforeEach
    void devices() throws IOException {
        ConfigFolder.placeholderModel(base);
        for (String n : List.of("i2c-1", "spidev0.0", "spidev0.1", "gpiochip0", "video0")) {
            Files.createFile(dev.resolve(n));
        }
    }

    private DaemonConfig parse(String source) throws ConfigException {
        return new ConfigLoader(Map.of("PATH", "/usr/bin:/bin"), dev).parse(MODEL + "source:\n" + source, base);
    }

    private SourceConfig source(String source) throws ConfigException {
        return parse(source).first().source();
    }

    private List<ConfigError> errors(String source) {
        try {
            parse(source);
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException for:\n" + source);
    }

    private List<String> paths(String source) {
        return errors(source).stream().map(ConfigError::path).toList();
    }

    @Test
    void adxl345DefaultsToI2cBus1AtTheDefaultAddressAt400Hz() throws Exception {
        Adxl345Config a = (Adxl345Config) source("  type: adxl345\n");
        assertThat(a).isEqualTo(new Adxl345Config(Interface.I2C, 1, 0x53, null, null, 400, 2, List.of("x", "y", "z"),
                16, null));
        assertThat(a.deviceNodes()).containsExactly(Path.of("/dev/i2c-1"));
        assertThat(a.inputDims(new WindowConfig(256, 128))).containsExactly(3, 256);
    }

    @Test
    void adxl345OnSpiNamesItsSpidevNodeAndRefusesI2cKeys() throws Exception {
        Adxl345Config a = (Adxl345Config) source(
                "  {type: adxl345, interface: spi, chip_select: 1, rate_hz: 3200, axes: [z]}\n");
        assertThat(a.chipSelect()).isEqualTo(1);
        assertThat(a.spiSpeedHz()).isEqualTo(5_000_000);
        assertThat(a.channels()).isEqualTo(1);
        assertThat(a.deviceNodes()).containsExactly(Path.of("/dev/spidev0.1"));
        assertThat(errors("  {type: adxl345, interface: spi, address: 0x53}\n"))
                .extracting(ConfigError::toString).containsExactly("source.address: applies to interface: i2c only");
    }

    @Test
    void aBusWhoseDeviceNodeDoesNotExistIsAnErrorNamingTheKeyAndTheNode() {
        List<ConfigError> e = errors("  {type: adxl345, bus: 3}\n");
        assertThat(e).extracting(ConfigError::path).containsExactly("source.bus");
        assertThat(e.get(0).message()).contains("/dev/i2c-3 does not exist", "dtparam=i2c_arm=on");
        assertThat(errors("  {type: mcp3008, chip_select: 2}\n").get(0).toString())
                .contains("source.bus: /dev/spidev0.2 does not exist", "dtparam=spi=on");
    }

    @Test
    void adxl345RatesRangesAndAxesAreTheDatasheetsOnly() {
        assertThat(errors("  {type: adxl345, rate_hz: 500}\n").get(0).message()).contains(
                "must be one of the ADXL345's rates");
        assertThat(errors("  {type: adxl345, rate_hz: 1600}\n").get(0).message()).contains("needs SPI");
        assertThat(paths("  {type: adxl345, range_g: 3, axes: [x, w, x], address: 0x54, watermark: 40}\n"))
                .containsExactly("source.address", "source.range_g", "source.axes", "source.axes", "source.watermark");
    }

    @Test
    void mpu6050ReachesOnlyDividedRates() throws Exception {
        Mpu6050Config m = (Mpu6050Config) source("  {type: mpu6050, rate_hz: 400, axes: [ax, gz], address: 0x69}\n");
        assertThat(m.channels()).isEqualTo(2);
        assertThat(m.address()).isEqualTo(0x69);
        assertThat(errors("  {type: mpu6050, rate_hz: 300}\n").get(0).toString()).contains(
                "source.rate_hz: must be 1000/n or 8000/n");
        assertThat(paths("  {type: mpu6050, accel_range_g: 6, gyro_range_dps: 300, axes: [x]}\n"))
                .containsExactly("source.accel_range_g", "source.gyro_range_dps", "source.axes");
    }

    @Test
    void mcp3008InputsAreZeroToSevenWithoutRepeats() throws Exception {
        Mcp3008Config c = (Mcp3008Config) source("  {type: mcp3008, inputs: [3, 0], vref: 5.0, rate_hz: 2000}\n");
        assertThat(c.inputs()).containsExactly(3, 0);
        assertThat(c.deviceNodes()).containsExactly(Path.of("/dev/spidev0.0"));
        assertThat(errors("  {type: mcp3008, inputs: [1, 8, 1, 2.5]}\n")).extracting(ConfigError::message)
                .containsExactly("inputs are 0 to 7 (CH0-CH7), got 8.0", "input 1 appears twice",
                        "inputs are 0 to 7 (CH0-CH7), got 2.5");
        assertThat(paths("  {type: mcp3008, inputs: ['1']}\n")).containsExactly("source.inputs[0]");
    }

    @Test
    void aTriggerAddsItsChipToTheDeviceNodesAndDerivesItsPull() throws Exception {
        Adxl345Config a = (Adxl345Config) source("  type: adxl345\n  trigger: {pin: 17, active: low, mode: edge}\n");
        GpioTriggerConfig t = a.trigger();
        assertThat(t).isEqualTo(new GpioTriggerConfig(Path.of("/dev/gpiochip0"), 17, GpioTriggerConfig.Mode.EDGE,
                GpioTriggerConfig.Level.LOW, GpioTriggerConfig.Pull.UP, 20));
        assertThat(a.deviceNodes()).containsExactly(Path.of("/dev/i2c-1"), Path.of("/dev/gpiochip0"));
        SimulatedVibrationConfig sim = (SimulatedVibrationConfig) source("  trigger: {pin: 27}\n");
        assertThat(sim.deviceNodes()).containsExactly(Path.of("/dev/gpiochip0"));
        assertThat(paths("  trigger: {chip: gpiochip4, mode: toggle, debounce_ms: -1, colour: red}\n"))
                .containsExactlyInAnyOrder("source.trigger.pin", "source.trigger.chip", "source.trigger.mode",
                        "source.trigger.debounce_ms", "source.trigger.colour");
    }

    @Test
    void cameraDefaultsToRpicamVidAndChecksItsProgramAndDevice() throws Exception {
        CameraConfig c = (CameraConfig) source(
                "  {type: camera, command: [cat, '{device}', '{fps}'], device: /dev/video0, "
                        + "fps: 5, image: {width: 64, height: 48}}\n");
        assertThat(c.resolvedCommand()).containsExactly("cat", "/dev/video0", "5");
        assertThat(c.inputDims(new WindowConfig(256, 128))).containsExactly(3, 48, 64);
        assertThat(c.image().resize()).isEqualTo(64);
        assertThat(c.image().mean()).containsExactly(0.485, 0.456, 0.406);
        assertThat(c.deviceNodes()).containsExactly(Path.of("/dev/video0"));
        List<ConfigError> e = errors("  {type: camera, device: /dev/video7}\n");
        assertThat(e).extracting(ConfigError::toString).containsExactly(
                "source.device: /dev/video7 does not exist: is the camera connected? (ls /dev/video*)",
                "source.command: program 'rpicam-vid' not found on PATH (apt-get install -y rpicam-apps)");
        assertThat(paths(
                "  {type: camera, command: [cat], image: {width: 64, height: 64, resize: 32, mean: [0.5], std: [1, 0, 1]}}\n"))
                .containsExactly("source.image.resize", "source.image.mean", "source.image.std");
    }

    @Test
    void cameraStallTimeoutDefaultsToTenFramePeriodsButAtLeastFiveSecondsAndMustSpanTwoFrames() throws Exception {
        assertThat(((CameraConfig) source("  {type: camera, command: [cat], fps: 30}\n")).stallTimeoutS()).isEqualTo(5);
        assertThat(((CameraConfig) source("  {type: camera, command: [cat], fps: 0.5}\n")).stallTimeoutS()).isEqualTo(
                20);
        assertThat(((CameraConfig) source("  {type: camera, command: [cat], stall_timeout_s: 2.5}\n")).stallTimeoutS())
                .isEqualTo(2.5);
        assertThat(errors("  {type: camera, command: [cat], fps: 0.5, stall_timeout_s: 3}\n"))
                .extracting(ConfigError::toString)
                .containsExactly(
                        "source.stall_timeout_s: must be at least 2 frame periods (2 / source.fps = 4 s), got 3");
        assertThat(errors("  {type: camera, command: [cat], stall_timeout_s: 0.2}\n")).extracting(ConfigError::toString)
                .containsExactly("source.stall_timeout_s: must be between 1.0 and 3600.0, got 0.2");
        assertThat(paths("  {type: camera, command: [cat], stall_timeout_s: soon}\n")).containsExactly(
                "source.stall_timeout_s");
    }

    @Test
    void imageDirNeedsAnExistingFolderAndTakesNoTrigger() throws Exception {
        Files.createDirectory(base.resolve("inbox"));
        ImageDirConfig d = (ImageDirConfig) source("  {type: image-dir, path: inbox, done_dir: done}\n");
        assertThat(d.path()).isEqualTo(base.resolve("inbox"));
        assertThat(d.doneDir()).isEqualTo(base.resolve("inbox/done"));
        assertThat(paths("  {type: image-dir, path: nowhere, trigger: {pin: 3}}\n"))
                .containsExactly("source.path", "source.trigger");
        assertThat(paths("  {type: image-dir, path: inbox, done_dir: .}\n")).containsExactly("source.done_dir");
    }

    @Test
    void csvReplayUnitsAreOneForAllColumnsOrOnePerColumnAndUnknownWhenLeftOut() throws Exception {
        Files.writeString(base.resolve("acc.csv"), "t,x,y\n0,1,2\n0.004,1,2\n0.008,1,2\n");
        assertThat(((CsvReplayConfig) source("  {type: csv-replay, path: acc.csv}\n")).units()).isNull();
        assertThat(((CsvReplayConfig) source("  {type: csv-replay, path: acc.csv, units: g}\n")).units())
                .containsExactly("g", "g");
        assertThat(((CsvReplayConfig) source("  {type: csv-replay, path: acc.csv, units: [m/s^2, V]}\n")).units())
                .containsExactly("m/s^2", "V");
        assertThat(errors("  {type: csv-replay, path: acc.csv, units: [g]}\n").get(0).toString())
                .isEqualTo("source.units: needs one unit per column (2), got 1");
    }

    @Test
    void csvReplayReadsItsHeaderAndRateFromTheFile() throws Exception {
        Files.writeString(base.resolve("rec.csv"), "t,x,y\n0,1,2\n0.004,1,2\n0.008,1,2\n");
        CsvReplayConfig r = (CsvReplayConfig) source("  {type: csv-replay, path: rec.csv}\n");
        assertThat(r.columns()).containsExactly("x", "y");
        assertThat(r.rateHz()).isCloseTo(250, Offset.offset(1e-6));
        assertThat(errors("  {type: csv-replay, path: rec.csv, columns: [x, z]}\n").get(0).toString())
                .startsWith("source.columns: not in rec.csv: [z]");
        assertThat(errors("  {type: csv-replay, path: gone.csv}\n").get(0).toString()).startsWith(
                "source.path: cannot read");
        Files.writeString(base.resolve("back.csv"), "t,x\n1,0\n0.5,0\n");
        assertThat(errors("  {type: csv-replay, path: back.csv}\n").get(0).message()).contains("line 3",
                "does not increase");
    }

    @Test
    void anUnknownTypeListsEveryKnownOneAndUnknownKeysAreErrors() {
        assertThat(errors("  {type: lidar}\n").get(0).message()).isEqualTo("unknown source type 'lidar'; known: "
                + "[simulated-vibration, adxl345, mpu6050, mcp3008, csv-replay, camera, image-dir]");
        assertThat(paths("  {type: adxl345, colour: red}\n")).containsExactly("source.colour");
    }

    @Test
    void theEffectiveConfigRendersBackToTheSameRecord() throws Exception {
        for (String s : List.of("  {type: adxl345, interface: spi, rate_hz: 800, trigger: {pin: 5}}\n",
                "  {type: mpu6050, axes: [gx, ax]}\n",
                "  {type: camera, command: [cat, '{fps}'], image: {width: 32, height: 32}}\n")) {
            DaemonConfig c = parse(s);
            String yaml = ConfigLoader.render(c);
            assertThat(new ConfigLoader(Map.of("PATH", "/usr/bin:/bin"), dev).parse(yaml, base)).as(yaml).isEqualTo(c);
        }
    }
}
