package io.edgeinfer.cli;

import io.edgeinfer.app.ExitCodes;
import io.edgeinfer.control.Ed25519Keys;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edgeinfer keygen}: an Ed25519 key pair for signing commands and models. */
@Command(name = "keygen", description = "Make an Ed25519 key pair for signed commands: NAME.key (private) and NAME.pub.")
final class KeygenCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "edgeinfer-control", paramLabel = "NAME", description = "Path and base name of the two files (default: ${DEFAULT-VALUE})")
    String out;

    @Override
    public Integer call() {
        KeyPair pair = Ed25519Keys.generate();
        Path priv = Path.of(out + ".key");
        Path pub = Path.of(out + ".pub");
        try {
            Ed25519Keys.writePrivate(pair.getPrivate(), priv);
            Ed25519Keys.writePublic(pair.getPublic(), pub);
        } catch (FileAlreadyExistsException e) {
            System.err.println(e.getFile() + " exists; not overwritten (pick another --out)");
            return ExitCodes.USAGE;
        } catch (IOException e) {
            System.err.println("cannot write the key files: " + e.getMessage());
            return ExitCodes.FATAL;
        }
        System.err.println("wrote " + priv + " (private: keep it off the devices, readable by you only) and " + pub);
        System.out.println("key_id: " + Ed25519Keys.keyId(pair.getPublic()));
        System.out.println("control.trusted_keys entry: " + Base64.getEncoder().encodeToString(pair.getPublic()
                .getEncoded()));
        return ExitCodes.OK;
    }
}
