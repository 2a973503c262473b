package org.matricula.platform.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Hashes passwords with Argon2id. The parameters are fixed here rather than in a properties file
 * so every node hashes alike; each hash carries them, so older hashes stay checkable if they change.
 */
public final class PasswordHasher {

    // OWASP's minimum for Argon2id: 19 MiB, 2 passes, one lane.
    private static final int MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;
    private static final int OUTPUT_BYTES = 32;
    private static final int SALT_BYTES = 16;

    private final Argon2Function argon2 = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM,
            OUTPUT_BYTES, Argon2.ID);

    /** A PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}. */
    public String hash(String password) {
        return Password.hash(password).addRandomSalt(SALT_BYTES).with(argon2).getResult();
    }

    public boolean matches(String password, String hash) {
        if (password == null || hash == null || !hash.startsWith("$argon2")) {
            return false;
        }
        // Read the parameters from the stored hash, so hashes made with other settings still verify.
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }
}
