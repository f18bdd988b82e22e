package dev.orion.host.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orion.api.OrionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {

    @TempDir
    Path home;

    @Test
    void aGeneratedKeyIsReadableByItsOwnerOnlyAndDecryptsWhatItEncrypted() throws Exception {
        SecretCipher cipher = SecretCipher.load(home, Optional.empty());

        String sealed = cipher.encrypt("hunter2", "block-document/db");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("encryption.key"))))
                .isEqualTo("rw-------");
        assertThat(sealed).startsWith(SecretCipher.PREFIX).doesNotContain("hunter2");
        assertThat(cipher.encrypt("hunter2", "block-document/db")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(SecretCipher.load(home, Optional.empty()).decrypt(sealed, "block-document/db")).isEqualTo("hunter2");
    }

    @Test
    void anAlteredTextAnotherRowsContextOrAnotherKeyDoNotDecrypt() {
        SecretCipher cipher = SecretCipher.load(home, Optional.empty());
        String sealed = cipher.encrypt("hunter2", "block-document/db");
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        String altered = SecretCipher.PREFIX + Base64.getEncoder().encodeToString(bytes);
        SecretCipher other = SecretCipher.load(home, Optional.of(Base64.getEncoder().encodeToString(new byte[32])));

        assertThatThrownBy(() -> cipher.decrypt(altered, "block-document/db")).isInstanceOf(OrionException.class)
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "block-document/other")).isInstanceOf(OrionException.class);
        assertThatThrownBy(() -> other.decrypt(sealed, "block-document/db")).isInstanceOf(OrionException.class);
    }

    @Test
    void aBadEncryptionKeySaysHowToMakeOne() {
        assertThatThrownBy(() -> SecretCipher.load(home, Optional.of("c2hvcnQ=")))
                .isInstanceOf(OrionException.class)
                .hasMessage("ORION_ENCRYPTION_KEY holds 5 bytes; AES-256 needs 32 (make one with 'openssl rand -base64 32')");
        assertThat(Files.exists(home.resolve("encryption.key"))).as("no key file when the key is given").isFalse();
    }
}
