package omnipaxos.kv;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver}, headless, both taken from the
 * PATH (never downloaded). Missing ones fail the test, saying how to install them.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  /** A headless Chromium with a 1280x1400 window. */
  static ChromeDriver start() {
    Path browser = onPath("chromium").orElseThrow(() -> missing("chromium"));
    Path driver = onPath("chromedriver").orElseThrow(() -> missing("chromedriver"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,1400");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static AssertionError missing(String what) {
    return new AssertionError(what + " is not on the PATH: the dashboard's browser test needs Debian's"
        + " chromium and chromium-driver packages; install them with .ci/install-browser");
  }

  private static Optional<Path> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Paths.get(dir, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
