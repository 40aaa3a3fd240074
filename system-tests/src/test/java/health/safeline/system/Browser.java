package health.safeline.system;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's headless Chromium ({@code /usr/bin/chromium}, driven by {@code /usr/bin/chromedriver}: Selenium
 * Manager never downloads anything) with a fresh profile, and the few helpers the console tests need.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Suite.ROOT.resolve("system-tests/target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Path profile;
    final ChromeDriver driver;

    Browser() throws IOException {
        profile = Files.createTempDirectory("safeline-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary("/usr/bin/chromium").addArguments(
                // no network beyond the services here: nothing in the background may try to reach one
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits up to 15 s for {@code condition} to answer neither null nor false; fails saying {@code what}. */
    <T> T await(String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).withMessage(what)
                .until(condition);
    }

    void type(String id, String text) {
        WebElement input = driver.findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** Sets a field's value by script: what sendKeys types into a date input depends on the locale. */
    void set(String id, String value) {
        script("arguments[0].value = arguments[1]", driver.findElement(By.id(id)), value);
    }

    void choose(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    /** The whole page (the window made as tall as the page, up to 2,400 px) into target/screenshots. */
    Path screenshot(String name) {
        Dimension window = driver.manage().window().getSize();
        // the window's height is the page's plus what the browser itself takes
        long height = (Long) script("return document.documentElement.scrollHeight + outerHeight - innerHeight");
        try {
            driver.manage().window().setSize(new Dimension(window.width, (int) Math.min(Math.max(height, window.height), 2400)));
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    /** After a failed test: what the page showed and what it logged (synthetic test data only). */
    void saveFailure(String name) {
        try {
            screenshot(name);
            String log = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(Object::toString).collect(Collectors.joining("\n"));
            Files.writeString(SCREENSHOTS.resolve(name + ".console.log"), driver.getCurrentUrl() + "\n" + log + "\n");
        } catch (RuntimeException | IOException e) {
            System.err.println("Browser: no failure record for " + name + ": " + e);
        }
    }

    /**
     * Waits for a window the page opens ({@code window.open(url, name)}), checks its name and switches to it;
     * answers the handle of the window that was current.
     */
    String switchToNewWindow(String name) {
        String from = driver.getWindowHandle();
        java.util.Set<String> before = java.util.Set.of(from);
        String opened = await("a window named " + name, d -> d.getWindowHandles().stream()
                .filter(h -> !before.contains(h)).findFirst().orElse(null));
        driver.switchTo().window(opened);
        String actual = (String) script("return window.name");
        if (!name.equals(actual)) {
            throw new AssertionError("the new window is named '" + actual + "', not '" + name + "'");
        }
        return from;
    }

    /** Waits until the window {@code handle} is gone (a page that closes itself) and switches to {@code back}. */
    void awaitClosed(String handle, String back) {
        await("the window to close itself", d -> !d.getWindowHandles().contains(handle));
        driver.switchTo().window(back);
    }

    /** What the pages logged to the browser's console since the last call (read once: the driver forgets it). */
    List<String> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString).toList();
    }

    /** {@link #saveFailure} for each open window (the first as {@code name}, the others as name-window2...). */
    void saveFailures(String name) {
        int i = 1;
        try {
            for (String handle : driver.getWindowHandles()) {
                driver.switchTo().window(handle);
                saveFailure(i == 1 ? name : name + "-window" + i);
                i++;
            }
        } catch (RuntimeException e) {
            System.err.println("Browser: no failure record for " + name + ": " + e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind
        }
    }
}
