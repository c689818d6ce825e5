package io.edgeinfer.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;

/**
 * A Gaussian mixture over standardised feature vectors, as the {@code stats} detector scores with it:
 * the score of a vector is its squared Mahalanobis distance to the nearest component, min_k (z -
 * mu_k)' Sigma_k^-1 (z - mu_k), in "squared standard deviations". The weights play no part in the
 * score, so adding a component (an accepted operating condition) can only lower a score, never raise
 * one. Immutable.
 */
final class GaussianMixture {
    /**
     * Features that did not vary while learning still get this spread (in log10 units: 2.3 %), so
     * that float noise on an all-but-constant feature cannot look like a fault.
     */
    static final double MIN_SCALE = 0.01;

    private final double[] centre;
    private final double[] scale;
    private final List<Component> components;
    private final double[][][] lower;

    /**
     * One component.
     *
     * @param weight its share of the learning windows
     * @param mean in standardised units
     * @param covariance in standardised units, symmetric positive definite
     * @param shrinkage the Ledoit-Wolf weight given to the diagonal when it was fitted
     */
    record Component(double weight, double[] mean, double[][] covariance, double shrinkage) {
    }

    /** The deviation of one feature from the nearest component's mean, in its standard deviations. */
    record Contributor(int feature, double z) {
    }

    /**
     * @param centre subtracted from every feature before scaling
     * @param scale each feature's spread while learning (at least {@link #MIN_SCALE})
     * @throws IllegalArgumentException when a covariance is not positive definite or sizes disagree
     */
    GaussianMixture(double[] centre, double[] scale, List<Component> components) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs a component");
        }
        int d = centre.length;
        if (scale.length != d) {
            throw new IllegalArgumentException("centre and scale sizes differ");
        }
        this.centre = centre.clone();
        this.scale = scale.clone();
        this.components = List.copyOf(components);
        this.lower = new double[components.size()][][];
        for (int k = 0; k < components.size(); k++) {
            Component c = components.get(k);
            if (c.mean().length != d || c.covariance().length != d) {
                throw new IllegalArgumentException("component " + k + " has another dimension than " + d);
            }
            lower[k] = cholesky(c.covariance());
        }
    }

    static double[][] cholesky(double[][] covariance) {
        try {
            return new CholeskyDecomposition(MatrixUtils.createRealMatrix(covariance), 1e-9, 1e-12).getL().getData();
        } catch (NonPositiveDefiniteMatrixException | NonSymmetricMatrixException e) {
            throw new IllegalArgumentException("a covariance is not symmetric positive definite: " + e.getMessage(), e);
        }
    }

    int dimension() {
        return centre.length;
    }

    double[] centre() {
        return centre.clone();
    }

    double[] scale() {
        return scale.clone();
    }

    List<Component> components() {
        return components;
    }

    /** The feature vector in standardised units. */
    double[] standardise(double[] x) {
        double[] z = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            z[j] = (x[j] - centre[j]) / scale[j];
        }
        return z;
    }

    /** Squared Mahalanobis distance of a raw feature vector to the nearest component. */
    double score(double[] x) {
        return scoreStandardised(standardise(x));
    }

    double scoreStandardised(double[] z) {
        double best = Double.POSITIVE_INFINITY;
        double[] work = new double[z.length];
        for (int k = 0; k < lower.length; k++) {
            best = Math.min(best, distance(k, z, work));
        }
        return best;
    }

    /** ||L_k^-1 (z - mu_k)||^2 by forward substitution. */
    double distance(int k, double[] z, double[] work) {
        double[][] l = lower[k];
        double[] mu = components.get(k).mean();
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double[] row = l[i];
            double v = z[i] - mu[i];
            for (int j = 0; j < i; j++) {
                v -= row[j] * work[j];
            }
            v /= row[i];
            work[i] = v;
            sum += v * v;
        }
        return sum;
    }

    /** The component nearest to {@code z} (standardised); its whitened residual L^-1 (z - mu) goes into {@code residual}. */
    int nearest(double[] z, double[] residual) {
        double[] work = new double[z.length];
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int k = 0; k < lower.length; k++) {
            double d = distance(k, z, work);
            if (d < bestD) {
                bestD = d;
                best = k;
                System.arraycopy(work, 0, residual, 0, work.length);
            }
        }
        return best;
    }

    /** log |Sigma_k| from its Cholesky factor. */
    double logDeterminant(int k) {
        double s = 0;
        for (int i = 0; i < lower[k].length; i++) {
            s += Math.log(lower[k][i][i]);
        }
        return 2 * s;
    }

    /** The {@code top} features furthest from the nearest component's mean, largest first. */
    List<Contributor> contributors(double[] x, int top) {
        double[] z = standardise(x);
        double[] work = new double[z.length];
        int nearest = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int k = 0; k < lower.length; k++) {
            double d = distance(k, z, work);
            if (d < best) {
                best = d;
                nearest = k;
            }
        }
        Component c = components.get(nearest);
        List<Contributor> all = new ArrayList<>();
        for (int j = 0; j < z.length; j++) {
            all.add(new Contributor(j, (z[j] - c.mean()[j]) / Math.sqrt(c.covariance()[j][j])));
        }
        all.sort(Comparator.comparingDouble((Contributor t) -> -Math.abs(t.z())));
        return List.copyOf(all.subList(0, Math.min(top, all.size())));
    }

    /**
     * How far the operating condition (the features at {@code indices}: shaft speed, load) is from
     * every learned mode: min over components of the largest |z| among those features, in the
     * component's standard deviations. Beyond a few, the machine runs at a condition learning never
     * saw, whatever else the vibration does.
     */
    double conditionDistance(double[] x, int[] indices) {
        double[] z = standardise(x);
        double best = Double.POSITIVE_INFINITY;
        for (Component c : components) {
            double worst = 0;
            for (int j : indices) {
                if (j >= 0) {
                    worst = Math.max(worst, Math.abs(z[j] - c.mean()[j]) / Math.sqrt(c.covariance()[j][j]));
                }
            }
            best = Math.min(best, worst);
        }
        return best;
    }

    /** This mixture with {@code more} components (fitted in the same standardised units) added, weights renormalised. */
    GaussianMixture plus(List<Component> more, double moreShare) {
        List<Component> all = new ArrayList<>();
        for (Component c : components) {
            all.add(new Component(c.weight() * (1 - moreShare), c.mean(), c.covariance(), c.shrinkage()));
        }
        for (Component c : more) {
            all.add(new Component(c.weight() * moreShare, c.mean(), c.covariance(), c.shrinkage()));
        }
        return new GaussianMixture(centre, scale, all);
    }

    @Override
    public String toString() {
        return "GaussianMixture[" + components.size() + " components, " + centre.length + " features, weights "
                + Arrays.toString(components.stream().mapToDouble(Component::weight).toArray()) + "]";
    }
}
