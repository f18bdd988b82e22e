package dev.orion.host.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void linesUpEveryColumnUnderItsHeader() {
        StringWriter text = new StringWriter();

        new Table("#", "NAME", "LIMIT")
                .row(1, "db", 2)
                .row(10, "a-long-tag", null)
                .print(new PrintWriter(text, true));

        assertThat(text.toString().lines()).containsExactly(
                "#   NAME        LIMIT",
                "1   db          2",
                "10  a-long-tag");
    }

    @Test
    void refusesARowWithTheWrongNumberOfCells() {
        assertThatThrownBy(() -> new Table("A", "B").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 2 cells");
    }
}
