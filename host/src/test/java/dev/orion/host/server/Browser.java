package dev.orion.host.server;

import dev.orion.host.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (never a browser Selenium Manager
 * downloads), with a fresh profile; saves screenshots under {@code target/ui-screenshots/}.
 * One per test class; close it after.
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** host/target/ui-screenshots, whether run by Maven (from host/) or by a script from the repository root. */
    static final Path SCREENSHOTS = Files.isDirectory(Path.of("host", "src"))
            ? Path.of("host", "target", "ui-screenshots") : Path.of("target", "ui-screenshots");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static boolean installed() {
        return RequiredTool.present(Path.of(CHROMIUM), Path.of(CHROMEDRIVER));
    }

    /** Skips the calling test outside CI (fails it in CI) when Chromium or chromedriver is missing. */
    static void requireInstalled() {
        RequiredTool.require("Chromium and chromedriver", "apt-get install chromium chromium-driver",
                Path.of(CHROMIUM), Path.of(CHROMEDRIVER));
    }

    static Browser start() {
        try {
            Path profile = Files.createTempDirectory("orion-chromium-");
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                    .usingAnyFreePort()
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1400,1600", "--user-data-dir=" + profile);
            return new Browser(new ChromeDriver(service, options), profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void open(String url) {
        driver.get(url);
    }

    /** How long any wait of a page lasts at most: far beyond what a page needs, even on a loaded machine. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    /**
     * Waits until the condition gives a non-null, non-false value. Pages redraw as they poll, so
     * an element found a moment ago may be replaced: a condition that meets a stale element is
     * simply evaluated again, finding the elements afresh. Every helper below finds, reads and acts
     * inside one such condition, never on an element kept from before.
     */
    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /** Waits until a displayed element matches; answers its text (read at that moment). */
    String text(By by) {
        return await(d -> displayed(d, by).map(WebElement::getText).orElse(null));
    }

    /** Waits until a displayed element's text contains {@code text}; answers its whole text. */
    String awaitText(By by, String text) {
        return await(d -> d.findElements(by).stream().filter(WebElement::isDisplayed).map(WebElement::getText)
                .filter(t -> t.contains(text)).findFirst().orElse(null));
    }

    /** Waits until the first displayed element's text is exactly {@code text}. */
    void awaitExactText(By by, String text) {
        await(d -> displayed(d, by).map(e -> text.equals(e.getText())).orElse(false));
    }

    /** Waits until a displayed element matches and has the attribute; answers its value. */
    String attribute(By by, String name) {
        return await(d -> displayed(d, by).map(e -> e.getAttribute(name)).orElse(null));
    }

    /** Waits until a displayed element matches. */
    void awaitElement(By by) {
        await(d -> displayed(d, by).isPresent());
    }

    /** Waits until a displayed, enabled element matches, and clicks it (the element found afresh). */
    void click(By by) {
        await(d -> displayed(d, by).filter(WebElement::isEnabled).map(e -> {
            e.click();
            return true;
        }).orElse(false));
    }

    /** Waits until a displayed element matches, then replaces its value with {@code keys}. */
    void type(By by, String keys) {
        await(d -> displayed(d, by).map(e -> {
            e.clear();
            e.sendKeys(keys);
            return true;
        }).orElse(false));
    }

    /** How many elements match now (after the page has settled: call it after a wait). */
    int count(By by) {
        return await(d -> d.findElements(by).size());
    }

    private static Optional<WebElement> displayed(WebDriver d, By by) {
        return d.findElements(by).stream().filter(WebElement::isDisplayed).findFirst();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits for the single-page app to finish rendering a page ({@code body[data-page]}). */
    void awaitPage(String page) {
        await(d -> page.equals(script("return document.body.dataset.page")));
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
