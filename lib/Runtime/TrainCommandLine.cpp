//===- TrainCommandLine.cpp - the options of nasir-train
//-------------------===//
//
// nasir-train's command line, declared with the parser every nasir tool uses
// (lib/CLI): typed options, --help with defaults, usage errors (exit 2) that
// name the option.
//
//===----------------------------------------------------------------------===//
#include "lib/CLI/CommandLine.h"
#include "lib/Runtime/Runtime.h"

namespace nasir {
namespace runtime {

using cli::ValueKind;

static cli::CommandLine trainCommandLine() {
  cli::CommandLine cl("",
                      "Trains a candidate (docs/candidate-format.md) and "
                      "prints one JSON line on stdout.",
                      "nasir-train");
  cl.positional("CANDIDATE.json", "the candidate to train (not with --info); with --oneshot or --score, the supernet",
                cli::Positional::Plain, /*optional=*/true);
  cl.add({"data",
          ValueKind::Text,
          "",
          "the dataset: mnist[:DIR], fashion-mnist[:DIR], cifar10:DIR, "
          "cifar100:DIR, digits[:FILE], csv:FILE[:label=NAME]",
          {},
          {},
          "required, except with --describe",
          "SPEC"});
  cl.add({"epochs", ValueKind::Natural, "2", "training epochs"});
  cl.add({"batch-size", ValueKind::Positive, "128", "training batch size"});
  cl.add({"eval-batch-size",
          ValueKind::Natural,
          "0",
          "evaluation batch size",
          {},
          {},
          "0 = 2 x --batch-size"});
  cl.add({"optimizer",
          ValueKind::Choice,
          "sgd",
          "sgd (Nesterov momentum) or adamw",
          {"sgd", "adamw"}});
  cl.add({"lr",
          ValueKind::Number,
          "",
          "the peak learning rate",
          {},
          {},
          "0.05 sgd, 1e-3 adamw"});
  cl.add({"momentum", ValueKind::Number, "0.9", "sgd momentum"});
  cl.add({"weight-decay",
          ValueKind::Number,
          "",
          "weight decay",
          {},
          {},
          "5e-4 sgd, 0.05 adamw"});
  cl.add({"warmup-steps",
          ValueKind::Natural,
          "",
          "linear warm-up steps, then cosine to --min-lr",
          {},
          {},
          "--warmup-epochs"});
  cl.add({"warmup-epochs", ValueKind::Number, "0",
          "linear warm-up in epochs (when no --warmup-steps)"});
  cl.add({"min-lr", ValueKind::Number, "0", "the end of the cosine schedule"});
  cl.add({"device",
          ValueKind::Choice,
          "auto",
          "where to train",
          {"auto", "cpu", "cuda"}});
  cl.add({"threads",
          ValueKind::Natural,
          "0",
          "CPU threads",
          {},
          {},
          "0 = all cores"});
  cl.add({"seed", ValueKind::Integer, "0",
          "seed of initialization and data "
          "order"});
  cl.flag("amp", "float16 autocast + dynamic loss scaling (CUDA only)");
  cl.add({"max-time",
          ValueKind::Number,
          "0",
          "training longer than SECONDS fails with reason \"timeout\"",
          {},
          {},
          "0 = none",
          "SECONDS"});
  cl.add({"val-fraction", ValueKind::Number, "0.1",
          "fraction of the training data held out for validation"});
  cl.add({"test-fraction", ValueKind::Number, "0.2",
          "fraction held out for testing (digits, csv: no test split)"});
  cl.add({"save",
          ValueKind::Text,
          "",
          "save the weights (torch::save)",
          {},
          {},
          "",
          "FILE"});
  cl.add({"load",
          ValueKind::Text,
          "",
          "load weights before training",
          {},
          {},
          "",
          "FILE"});
  cl.add({"diverge-loss", ValueKind::Number, "1000",
          "a training loss above X is a divergence"});
  cl.add({"max-steps-per-epoch",
          ValueKind::Natural,
          "0",
          "stop each epoch after N steps",
          {},
          {},
          "0 = all"});
  cl.add({"progress",
          ValueKind::Choice,
          "auto",
          "progress on stderr (auto: a bar on a terminal)",
          {"auto", "bar", "plain", "none"}});
  cl.flag("quiet", "no progress output at all");
  cl.flag("info", "print the dataset's info JSON; train nothing");
  cl.flag("describe", "build the model; print its parameter count and FLOPs");
  cl.add({"export-onnx",
          ValueKind::Text,
          "",
          "write the model as ONNX (docs/onnx.md) with the --load weights, else fresh ones "
          "(--seed; --save keeps them); train nothing",
          {},
          {},
          "",
          "FILE.onnx"});
  cl.add({"oneshot",
          ValueKind::Choice,
          "",
          "train the supernet (a version-2 document) one-shot",
          {"darts", "gdas", "spos"},
          {},
          "",
          "METHOD"});
  cl.flag("second-order", "darts: the unrolled (finite-difference) architecture gradient");
  cl.add({"arch-lr", ValueKind::Number, "3e-4", "the architecture's Adam learning rate"});
  cl.add({"arch-weight-decay", ValueKind::Number, "1e-3",
          "the architecture's weight decay"});
  cl.add({"tau-max", ValueKind::Number, "10", "gdas: the first epoch's temperature"});
  cl.add({"tau-min", ValueKind::Number, "0.1", "gdas: the last epoch's temperature"});
  cl.flag("resume", "one-shot: continue from the --save checkpoint when it exists");
  cl.add({"stop-after-epochs",
          ValueKind::Natural,
          "0",
          "one-shot: end this run after N epochs (the schedule stays --epochs'; go on with --resume)",
          {},
          {},
          "0 = all"});
  cl.add({"time-budget",
          ValueKind::Number,
          "0",
          "one-shot: end the training at the first step past SECONDS, that epoch evaluated "
          "and saved as the last; --score: score no further sub-network past SECONDS (at "
          "least one is scored). A search's --time shares itself this way",
          {},
          {},
          "0 = none",
          "SECONDS"});
  cl.add({"score",
          ValueKind::Text,
          "",
          "score sub-networks (decisions objects, one a line) of the --load supernet",
          {},
          {},
          "",
          "FILE.jsonl"});
  cl.add({"calib-batches", ValueKind::Natural, "20",
          "--score: batch-norm recalibration batches"});
  cl.add({"score-batches",
          ValueKind::Natural,
          "0",
          "--score: validation batches per sub-network",
          {},
          {},
          "0 = all"});
  cl.add({"proxy",
          ValueKind::Choice,
          "",
          "score the candidate at initialization instead of training it "
          "(lib/Runtime/Proxies.h; one batch of --batch-size training samples)",
          {"synflow", "snip", "naswot"},
          {},
          "",
          "NAME"});
  cl.add({"candidates",
          ValueKind::Text,
          "",
          "--proxy: score every candidate file listed (one path a line) in one process, one "
          "JSON line each",
          {},
          {},
          "",
          "LIST"});
  cl.note("one-shot defaults (DARTS): --lr 0.025 cosine to --min-lr 0.001, momentum 0.9, "
          "--weight-decay 3e-4, gradient norm clipped at 5");
  cl.note("default data dir: $NASIR_DATA_DIR, else <repo>/.data; files plain "
          "or gzip; CSV: finite numbers, labels 0..99999, at most 64 MiB of "
          "text");
  return cl;
}

std::string trainUsage() { return trainCommandLine().help(); }

bool parseTrainArgs(int argc, char **argv, TrainOptions &o, std::string &error,
                    bool *help) {
  if (help)
    *help = false;
  cli::CommandLine cl = trainCommandLine();
  cli::ParseOutcome r = cl.parse(argc, argv);
  if (!r.proceed) {
    if (help)
      *help = r.exitCode == 0;
    error = r.exitCode == 0 ? r.text : r.message + " (see --help)";
    return false;
  }
  if (!cl.positionals.empty())
    o.candidatePath = cl.positionals[0];
  o.data = cl.get("data");
  o.epochs = cl.getInt("epochs");
  o.batchSize = cl.getInt("batch-size");
  o.evalBatchSize = cl.getInt("eval-batch-size");
  o.optimizer = cl.get("optimizer");
  if (cl.has("lr"))
    o.lr = cl.getNumber("lr");
  o.momentum = cl.getNumber("momentum");
  if (cl.has("weight-decay"))
    o.weightDecay = cl.getNumber("weight-decay");
  if (cl.has("warmup-steps"))
    o.warmupSteps = cl.getInt("warmup-steps");
  o.warmupEpochs = cl.getNumber("warmup-epochs");
  o.minLr = cl.getNumber("min-lr");
  o.device = cl.get("device");
  o.threads = cl.getInt("threads");
  o.seed = (uint64_t)cl.getInt("seed");
  o.amp = cl.has("amp");
  o.maxTime = cl.getNumber("max-time");
  o.valFraction = cl.getNumber("val-fraction");
  o.testFraction = cl.getNumber("test-fraction");
  o.savePath = cl.get("save");
  o.loadPath = cl.get("load");
  o.divergeLoss = cl.getNumber("diverge-loss");
  o.maxStepsPerEpoch = cl.getInt("max-steps-per-epoch");
  std::string progress = cl.get("progress");
  o.progress = progress == "bar" ? 1 : progress == "plain" ? 0 : -1;
  o.quiet = cl.has("quiet") || progress == "none";
  o.infoOnly = cl.has("info");
  o.describeOnly = cl.has("describe");
  o.exportOnnxPath = cl.get("export-onnx");
  o.oneshot = cl.get("oneshot");
  o.secondOrder = cl.has("second-order");
  o.archLr = cl.getNumber("arch-lr");
  o.archWeightDecay = cl.getNumber("arch-weight-decay");
  o.tauMax = cl.getNumber("tau-max");
  o.tauMin = cl.getNumber("tau-min");
  o.resume = cl.has("resume");
  o.stopAfterEpochs = cl.getInt("stop-after-epochs");
  o.timeBudget = cl.getNumber("time-budget");
  o.scorePath = cl.get("score");
  o.calibBatches = cl.getInt("calib-batches");
  o.scoreBatches = cl.getInt("score-batches");
  o.proxy = cl.get("proxy");
  o.candidateList = cl.get("candidates");
  if (!o.oneshot.empty() && !cl.has("min-lr"))
    o.minLr = 0.001;
  if (!o.oneshot.empty() && !o.scorePath.empty()) {
    error = "--oneshot and --score: train first, then score the --save checkpoint";
    return false;
  }
  if (!o.proxy.empty() && (!o.oneshot.empty() || !o.scorePath.empty() || o.infoOnly ||
                           o.describeOnly)) {
    error = "--proxy scores candidates; it does not go with --oneshot, --score, --info or "
            "--describe";
    return false;
  }
  if (!o.candidateList.empty() && o.proxy.empty()) {
    error = "--candidates is for --proxy NAME";
    return false;
  }
  if (!o.candidateList.empty() && !o.candidatePath.empty()) {
    error = "give the candidate file or --candidates LIST, not both";
    return false;
  }
  if (o.secondOrder && o.oneshot != "darts") {
    error = "--second-order is for --oneshot darts";
    return false;
  }
  if (o.timeBudget < 0 || (o.timeBudget > 0 && o.oneshot.empty() && o.scorePath.empty())) {
    error = o.timeBudget < 0 ? "--time-budget expects seconds >= 0"
                             : "--time-budget is for --oneshot and --score (a candidate's limit "
                               "is --max-time)";
    return false;
  }
  if (o.resume && (o.oneshot.empty() || o.savePath.empty())) {
    error = "--resume needs --oneshot and --save CKPT";
    return false;
  }
  if (!o.exportOnnxPath.empty() && (!o.oneshot.empty() || !o.scorePath.empty() ||
                                    !o.proxy.empty() || o.infoOnly || o.describeOnly)) {
    error = "--export-onnx writes one candidate; it does not go with --oneshot, --score, "
            "--proxy, --info or --describe";
    return false;
  }
  if (o.data.empty() && !o.describeOnly && o.exportOnnxPath.empty()) {
    error = "missing --data SPEC (see --help)";
    return false;
  }
  if (o.candidatePath.empty() && !o.infoOnly && o.candidateList.empty()) {
    error = "missing the candidate file (see --help)";
    return false;
  }
  return true;
}

} // namespace runtime
} // namespace nasir
