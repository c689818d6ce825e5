package io.edgeinfer.telemetry.power;

import io.edgeinfer.telemetry.board.HostPaths;
import io.edgeinfer.telemetry.board.SysFs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux hwmon power channels ({@code /sys/class/hwmon/hwmonN/power*_input} in microwatts, or
 * {@code curr*_input} mA times {@code in*_input} mV of the same index) summed over one device, or a
 * {@code /sys/class/power_supply} entry that reports {@code power_now} (or {@code current_now} times
 * {@code voltage_now}); a battery counts only while it is discharging, when it is what powers the board.
 */
public final class HwmonMeter implements PowerMeter {
    private static final Pattern HWMON = Pattern.compile("hwmon(\\d+)");
    private static final Pattern POWER = Pattern.compile("power(\\d+)_(input|average)");
    private static final Pattern CURR = Pattern.compile("curr(\\d+)_input");
    /** Chips that sit in a board's supply path (shunt and hot-swap monitors): safe for {@code auto}. */
    private static final Pattern BOARD_POWER_CHIP = Pattern.compile("ina2\\d\\d|ina3221|ltc2945|ltc4151|ltc42\\d\\d");

    private final String label;
    private final Path dir;
    private final List<String[]> channels;
    private final boolean supply;

    private HwmonMeter(String label, Path dir, List<String[]> channels, boolean supply) {
        this.label = label;
        this.dir = dir;
        this.channels = channels;
        this.supply = supply;
    }

    /**
     * The device to read: the one named {@code name} (hwmon {@code name} file or power_supply
     * folder) if given; else the first hwmon device with power channels, then the first power
     * supply reporting power. With {@code boardChipsOnly} (auto mode), hwmon devices other than
     * known supply-path monitors are skipped: a GPU's or CPU's power is not the board's.
     */
    public static Optional<HwmonMeter> find(HostPaths host, String name, boolean boardChipsOnly) {
        for (Path d : SysFs.numbered(host.sys().resolve("class/hwmon"), HWMON)) {
            String chip = SysFs.text(d.resolve("name"));
            boolean wanted = name != null
                    ? name.equals(chip)
                    : !boardChipsOnly || (chip != null && BOARD_POWER_CHIP.matcher(chip).matches());
            List<String[]> ch = wanted ? hwmonChannels(d) : List.of();
            if (!ch.isEmpty()) {
                return Optional.of(new HwmonMeter("hwmon " + d.getFileName() + " (" + chip + ")", d, ch, false));
            }
        }
        for (Path d : supplies(host)) {
            boolean wanted = name == null || name.equals(d.getFileName().toString());
            List<String[]> ch = wanted ? supplyChannels(d) : List.of();
            if (!ch.isEmpty()) {
                return Optional.of(new HwmonMeter("power_supply " + d.getFileName(), d, ch, true));
            }
        }
        return Optional.empty();
    }

    private static List<Path> supplies(HostPaths host) {
        try (var s = Files.list(host.sys().resolve("class/power_supply"))) {
            return s.sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Each channel is {file} for power (uW) or {current file (mA), voltage file (mV)}. */
    private static List<String[]> hwmonChannels(Path d) {
        List<String[]> power = new ArrayList<>();
        List<String[]> pairs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (String f : list(d)) {
            Matcher p = POWER.matcher(f);
            // One reading per channel index: power1_input and power1_average are the same channel.
            if (p.matches() && !seen.contains(p.group(1))) {
                seen.add(p.group(1));
                power.add(new String[]{f});
            }
            Matcher c = CURR.matcher(f);
            if (c.matches() && Files.exists(d.resolve("in" + c.group(1) + "_input"))) {
                pairs.add(new String[]{f, "in" + c.group(1) + "_input"});
            }
        }
        return power.isEmpty() ? pairs : power;
    }

    private static List<String[]> supplyChannels(Path d) {
        if (Files.exists(d.resolve("power_now"))) {
            return List.<String[]>of(new String[]{"power_now"});
        }
        if (Files.exists(d.resolve("current_now")) && Files.exists(d.resolve("voltage_now"))) {
            return List.<String[]>of(new String[]{"current_now", "voltage_now"});
        }
        return List.of();
    }

    private static List<String> list(Path d) {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public String source() {
        return "hwmon";
    }

    @Override
    public String describe() {
        return label + ", " + channels.size() + " channel(s)";
    }

    @Override
    public PowerSample read() throws PowerMeterException {
        if (supply && "Battery".equals(SysFs.text(dir.resolve("type")))
                && !"Discharging".equals(SysFs.text(dir.resolve("status")))) {
            throw new PowerMeterException(label + " is not discharging: it does not power the board now");
        }
        double watts = 0;
        for (String[] ch : channels) {
            Long a = SysFs.number(dir.resolve(ch[0]));
            Long b = ch.length > 1 ? SysFs.number(dir.resolve(ch[1])) : Long.valueOf(1);
            if (a == null || b == null) {
                throw new PowerMeterException(label + ": cannot read " + String.join(", ", ch));
            }
            // hwmon: uW, or mA x mV = uW; power_supply: uW, or uA x uV = pW.
            double scale = ch.length == 1 ? 1e-6 : supply ? 1e-12 : 1e-6;
            watts += Math.abs((double) a * b) * scale;
        }
        return PowerSample.power(watts);
    }
}
