package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.capture.CaptureDataset;
import io.edgeinfer.capture.CaptureDatasetException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code edgeinfer capture dataset DIR --out OUT}: pulled items into a dataset plus a labelling sheet;
 * run again after labelling to rebuild. A command of its own (not a flag of {@code pull}) because
 * items arrive by pull, by USB export and by HTTPS upload alike, and the rebuild needs no device.
 */
@Command(name = "dataset", description = "Make the items under DIR (as pull or export wrote them) into OUT/windows.csv"
        + " or OUT/images/<label>/, from the rows confirmed in OUT/labels.csv (written with the model's guesses,"
        + " unconfirmed, on the first run: label and confirm rows, then run again). With --holdout, a share of each"
        + " label's confirmed rows goes to OUT/test.csv or OUT/test/<label>/ instead. Exit 0, 1, 64 or 65.")
final class CaptureDatasetCommand implements Callable<Integer> {
    /** Bad input data (sysexits EX_DATAERR): a damaged item or a bad sheet row; nothing was written. */
    static final int DATA_ERROR = 65;

    @Parameters(index = "0", paramLabel = "DIR", description = "Pulled or exported items (searched recursively)")
    Path items;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "The dataset folder (labels.csv lives here)")
    Path out;

    @Option(names = "--holdout", defaultValue = "0", paramLabel = "FRACTION", description = "Share of each label's"
            + " confirmed rows held out as the test set, 0 to below 1; the same items always split the same way"
            + " (default: ${DEFAULT-VALUE})")
    double holdout;

    @Override
    public Integer call() {
        try {
            CaptureDataset.checkHoldout(holdout);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
        if (!Files.isDirectory(items)) {
            System.err.println(items + ": not a folder");
            return ExitCodes.USAGE;
        }
        try {
            CaptureDataset.Result r = CaptureDataset.build(items, out, holdout);
            System.out.println(r.items() + " item(s), " + r.added() + " new in " + out.resolve("labels.csv")
                    + " (the model's guess, confirmed=no); " + r.confirmed() + " confirmed -> "
                    + (r.dataset() == null
                            ? "no dataset yet: set label and confirmed=yes, then run again"
                            : r.dataset())
                    + (r.test() == null ? "" : "; " + r.held() + " held out -> " + r.test()));
            return ExitCodes.OK;
        } catch (CaptureDatasetException e) {
            e.problems().forEach(System.err::println);
            System.err.println("nothing was written");
            return DATA_ERROR;
        } catch (IOException e) {
            System.err.println(e.getMessage());
            return ExitCodes.FATAL;
        }
    }
}
