package io.edgeinfer.telemetry.power;

import java.util.List;
import java.util.Optional;

/**
 * Idle and full-load power of known boards, for the {@code estimate} meter, looked up by the
 * device-tree model string. Figures are for the bare board (no USB devices, no display), idle at a
 * console and with {@code stress --cpu 4}, from the Pi Dramble power-consumption benchmarks. A board
 * not listed gets no estimate unless {@code telemetry.idle_w} and {@code telemetry.full_w} are set.
 * The Raspberry Pi 5 is not listed: it measures itself through its PMIC.
 */
public final class BoardPowerTable {
    private BoardPowerTable() {
    }

    /** One board's envelope. */
    public record BoardPower(String board, double idleW, double fullW) {
    }

    // Longest prefix first: "3 Model B Plus" must win over "3 Model B".
    private static final List<BoardPower> TABLE = List.of(
            new BoardPower("Raspberry Pi 4 Model B", 2.7, 6.4),
            new BoardPower("Raspberry Pi 3 Model B Plus", 1.9, 5.1),
            new BoardPower("Raspberry Pi 3 Model B", 1.4, 3.7),
            new BoardPower("Raspberry Pi 2 Model B", 1.1, 2.1),
            new BoardPower("Raspberry Pi Zero Rev", 0.4, 1.2));

    public static Optional<BoardPower> lookup(String model) {
        if (model == null) {
            return Optional.empty();
        }
        return TABLE.stream().filter(b -> model.startsWith(b.board())).findFirst();
    }
}
