package dev.orion.host.secrets;

import dev.orion.api.OrionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts what Orion keeps secret with AES-256-GCM (authenticated: a changed byte fails to
 * decrypt rather than decrypting to something else). The key is {@code ORION_ENCRYPTION_KEY}
 * (base64 of 32 bytes; servers sharing a database must share it) or, when that is unset, the
 * file {@code $ORION_HOME/encryption.key}, generated on first use readable by its owner only.
 * Each text is bound to a context (a block document's name) so a ciphertext moved to another row
 * does not decrypt. Thread-safe.
 */
public final class SecretCipher {

    /** The prefix of every encrypted text, with the format's version. */
    public static final String PREFIX = "enc:v1:";
    private static final String KEY_FILE = "encryption.key";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher of {@code ORION_ENCRYPTION_KEY} when given, else of the key file in {@code home}. */
    public static SecretCipher load(Path home, Optional<String> encryptionKey) {
        Objects.requireNonNull(home, "home");
        if (encryptionKey.isPresent() && !encryptionKey.get().isBlank()) {
            return new SecretCipher(decodeKey(encryptionKey.get().trim(), "ORION_ENCRYPTION_KEY"));
        }
        Path file = home.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            return new SecretCipher(decodeKey(Files.readString(file).trim(), file.toString()));
        } catch (IOException e) {
            throw new OrionException("cannot read or create the encryption key " + file + ": " + e
                    + "; make ORION_HOME writable or set ORION_ENCRYPTION_KEY (openssl rand -base64 32)", e);
        }
    }

    /** The cipher of the environment's {@code ORION_ENCRYPTION_KEY} or of the key file in {@code home}. */
    public static SecretCipher fromEnvironment(Path home) {
        return load(home, Optional.ofNullable(System.getenv("ORION_ENCRYPTION_KEY")));
    }

    /** Whether the text is one this class encrypted. */
    public static boolean isEncrypted(String text) {
        return text != null && text.startsWith(PREFIX);
    }

    /** The plain text encrypted under a fresh nonce, bound to {@code context}. */
    public String encrypt(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    /** The plain text of an encrypted one; text not encrypted (stored before encryption) comes back as it is. */
    public String decrypt(String text, String context) {
        if (!isEncrypted(text)) {
            return text;
        }
        byte[] in;
        try {
            in = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new OrionException("a stored secret is damaged (not base64); set it again");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new OrionException("a stored secret does not decrypt with this encryption key: the key changed "
                    + "(ORION_ENCRYPTION_KEY or $ORION_HOME/" + KEY_FILE + ") or the row was altered; use the key "
                    + "it was stored with, or set the secret again");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable in this JDK", e);
        }
    }

    private static void generate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        Path temp = Files.createTempFile(file.getParent(), KEY_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, Base64.getEncoder().encodeToString(key) + "\n");
            // A link fails when another process created the key first; then that key is the one.
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException e) {
            // keep the other process's key
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] decodeKey(String text, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new OrionException(source + " is not base64; make a key with 'openssl rand -base64 32'");
        }
        if (key.length != 32) {
            throw new OrionException(source + " holds " + key.length + " bytes; AES-256 needs 32 (make one with "
                    + "'openssl rand -base64 32')");
        }
        return key;
    }
}
