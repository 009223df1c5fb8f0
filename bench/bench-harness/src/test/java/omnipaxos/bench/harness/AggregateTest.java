package omnipaxos.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregateTest {

  @TempDir
  Path dir;

  private static CellResult cell(String system, String setting, int out, double throughput, double p99) {
    return new CellResult(system, "1", setting, out, 128, 3, throughput, throughput, throughput, p99 / 2, p99,
        p99 * 2, p99 / 2, 1000, 0, 10, 1.5);
  }

  @Test
  void resultFilesAreReadBackAndRatiosAreOursOverTheirs() throws Exception {
    Files.write(dir.resolve("omnipaxos-memory.csv"), List.of(CellResult.HEADER,
        cell("omnipaxos", "memory", 1, 10_000, 200).toCsv(), cell("omnipaxos", "memory", 64, 100_000, 900).toCsv()));
    Files.write(dir.resolve("ratis-memory.csv"), List.of(CellResult.HEADER,
        cell("ratis", "memory", 1, 5_000, 400).toCsv(), cell("ratis", "memory", 64, 200_000, 300).toCsv()));
    Files.write(dir.resolve("ratis-failover.csv"), List.of(FailoverResult.HEADER,
        new FailoverResult("ratis", "memory", 1, 1000, 1500).toCsv(),
        new FailoverResult("ratis", "memory", 2, 1000, -1).toCsv()));
    Files.writeString(dir.resolve("ratis-settings.md"), "### ratis 1\n- a: b\n");
    Files.writeString(dir.resolve("machine.txt"), "cpus: 2\n");
    Files.write(dir.resolve("jmh.csv"), List.of(
        "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: entryBytes\"",
        "\"omnipaxos.bench.jmh.AppendDecideBenchmark.oneEntry\",\"thrpt\",1,2,123456.7,NaN,\"ops/s\",16"));

    Aggregate a = Aggregate.read(dir);
    a.write(dir);

    assertThat(a.systems()).containsExactly("omnipaxos", "ratis");
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"), StandardCharsets.UTF_8);
    assertThat(csv).hasSize(5);
    assertThat(csv.get(2)).startsWith("ratis,").endsWith(",2.00,0.50");
    assertThat(csv.get(4)).startsWith("ratis,").endsWith(",0.50,3.00");
    String md = Files.readString(dir.resolve("summary.md"));
    assertThat(md).contains("cpus: 2", "| 128 B | 1 | 10,000 | 5,000 | 2.00 |", "| 128 B | 64 | 100,000 | 200,000 | 0.50 |",
        "| ratis | 1,500, none in 30 s | 1,500 |", "AppendDecideBenchmark.oneEntry", "123,457", "### ratis 1");
    BufferedImage png = ImageIO.read(dir.resolve("throughput-vs-p99.png").toFile());
    assertThat(png.getWidth()).isGreaterThan(1000);
    assertThat(Files.readAllLines(dir.resolve("failover.csv"))).hasSize(3);
  }

  @Test
  void cellResultsSurviveTheirCsvForm() {
    CellResult c = cell("jraft", "durable", 16, 1234.5, 6789.0);
    assertThat(CellResult.parse(c.toCsv())).isEqualTo(c);
    FailoverResult f = new FailoverResult("jraft", "memory", 3, 1000, 2345.6);
    assertThat(FailoverResult.parse(f.toCsv())).isEqualTo(f);
  }
}
