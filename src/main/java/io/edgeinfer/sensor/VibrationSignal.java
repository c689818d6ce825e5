package io.edgeinfer.sensor;

import io.edgeinfer.config.MachineState;
import java.util.SplittableRandom;

/**
 * A synthetic 3-axis accelerometer on a rotating machine, in g. Each machine state has the spectral
 * signature a vibration analyst would look for:
 *
 * <ul>
 *   <li>normal: small 1x shaft-speed component, gravity on z, sensor noise;
 *   <li>imbalance: a strong radial 1x component (x and y in quadrature);
 *   <li>misalignment: strong radial 2x plus an axial (z) 1x component;
 *   <li>bearing fault: impacts at the outer-race defect frequency (3.58x) ringing a 150 Hz
 *       structural resonance, and a higher noise floor.
 * </ul>
 *
 * Shaft speed wanders slowly between 20 and 30 Hz and amplitudes are redrawn on every state change,
 * so a model has to learn the signatures, not one exact waveform. Deterministic for a given seed.
 *
 * <p>An {@link Operating} point can set the shaft speed (reached at {@value #SLEW_HZ_PER_S} Hz/s, as a
 * drive ramps), a load factor that scales the machine's vibration, and the fault's level (0 = none,
 * 1 = full; a degradation ramps it). At the nominal point the samples are exactly those of {@link
 * #next(MachineState, float[], int)}, which the demo model was trained on.
 */
public final class VibrationSignal {
    private static final double TWO_PI = 2 * Math.PI;
    private static final double BPFO_RATIO = 3.58;
    private static final double RESONANCE_HZ = 150;
    private static final double RING_DECAY_S = 0.004;
    static final double SLEW_HZ_PER_S = 20;
    private static final double MIN_WANDER_HZ = 20;
    private static final double MAX_WANDER_HZ = 30;

    /**
     * How the machine is run at one instant.
     *
     * @param shaftHz the set shaft speed, or NaN for the slow wander between 20 and 30 Hz
     * @param load scales the machine's vibration (1 = nominal)
     * @param faultLevel scales the fault's own vibration (1 = full, 0 = none)
     */
    public record Operating(double shaftHz, double load, double faultLevel) {
        public static final Operating NOMINAL = new Operating(Double.NaN, 1, 1);
    }

    private final SplittableRandom rng;
    private final double dt;
    private double shaftHz;
    private double shaftPhase;
    private double impactPhase;
    private double resonancePhase;
    private double ring;
    private MachineState state;
    private double a1;
    private double a2;
    private double axial;
    private double impact;

    public VibrationSignal(long seed, double rateHz) {
        this.rng = new SplittableRandom(seed);
        this.dt = 1.0 / rateHz;
        this.shaftHz = 20 + 10 * rng.nextDouble();
        this.shaftPhase = TWO_PI * rng.nextDouble();
        this.impactPhase = rng.nextDouble();
    }

    /** Writes the next sample (x, y, z in g) for {@code s} into {@code out[offset..offset+2]}. */
    public void next(MachineState s, float[] out, int offset) {
        next(s, Operating.NOMINAL, out, offset);
    }

    /** The next sample for {@code s} run at {@code op}. */
    public void next(MachineState s, Operating op, float[] out, int offset) {
        if (s != state) {
            enter(s);
        }
        speed(op.shaftHz());
        shaftPhase = (shaftPhase + TWO_PI * shaftHz * dt) % TWO_PI;
        double load = op.load();
        double fault = load * op.faultLevel();
        double x = load * (0.05 * Math.sin(shaftPhase));
        double y = load * (0.05 * Math.cos(shaftPhase));
        double z = 1.0 + load * (0.02 * Math.sin(2 * shaftPhase));
        switch (s) {
            case IMBALANCE -> {
                x += fault * (a1 * Math.sin(shaftPhase));
                y += fault * (a1 * Math.cos(shaftPhase));
            }
            case MISALIGNMENT -> {
                x += fault * (a2 * Math.sin(2 * shaftPhase + 0.3));
                y += fault * (a2 * Math.cos(2 * shaftPhase + 0.3));
                z += fault * (axial * Math.sin(shaftPhase + 0.7));
            }
            case BEARING_FAULT -> {
                impactPhase += BPFO_RATIO * shaftHz * dt;
                if (impactPhase >= 1) {
                    impactPhase -= 1;
                    ring = impact * (0.8 + 0.4 * rng.nextDouble());
                }
                resonancePhase = (resonancePhase + TWO_PI * RESONANCE_HZ * dt) % TWO_PI;
                double r = fault * (ring * Math.sin(resonancePhase));
                y += r;
                z += 0.6 * r;
                x += 0.3 * r;
                ring *= Math.exp(-dt / RING_DECAY_S);
            }
            case NORMAL -> {
            }
        }
        // A bearing fault raises the noise floor with its level (0.03 g healthy, 0.06 g at level 1).
        double noise = s == MachineState.BEARING_FAULT ? 0.03 * (1 + op.faultLevel()) : 0.03;
        out[offset] = (float) (x + noise * gaussian());
        out[offset + 1] = (float) (y + noise * gaussian());
        out[offset + 2] = (float) (z + noise * gaussian());
    }

    /**
     * The wander as it always was while the speed is within its range; a set speed, or the way back
     * into the range after one, is approached at the slew rate.
     */
    private void speed(double set) {
        double step = SLEW_HZ_PER_S * dt;
        if (!Double.isNaN(set)) {
            shaftHz += Math.max(-step, Math.min(step, set - shaftHz));
        } else if (shaftHz < MIN_WANDER_HZ) {
            shaftHz = Math.min(MIN_WANDER_HZ, shaftHz + step);
        } else if (shaftHz > MAX_WANDER_HZ) {
            shaftHz = Math.max(MAX_WANDER_HZ, shaftHz - step);
        } else {
            shaftHz = Math.min(MAX_WANDER_HZ, Math.max(MIN_WANDER_HZ, shaftHz + 0.01 * gaussian()));
        }
    }

    private void enter(MachineState s) {
        state = s;
        a1 = 0.30 + 0.30 * rng.nextDouble();
        a2 = 0.25 + 0.25 * rng.nextDouble();
        axial = 0.20 + 0.20 * rng.nextDouble();
        impact = 0.6 + 0.6 * rng.nextDouble();
        ring = 0;
    }

    private double gaussian() {
        // The JDK's ziggurat sampler: fast, and fixed by the RandomGenerator spec, so a seed gives
        // the same samples on every JDK 17+.
        return rng.nextGaussian();
    }
}
