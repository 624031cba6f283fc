//===- WorkerArgs.cpp - the command line of one `nasir worker` ------------===//
#include "lib/Launch/WorkerArgs.h"

using namespace nasir::launch;

std::vector<std::string>
nasir::launch::workerArguments(const WorkerArgs &args) {
  std::vector<std::string> out = {"worker", "--store", args.store, "--jobs",
                                  std::to_string(args.jobs)};
  if (!args.device.empty())
    out.insert(out.end(), {"--device", args.device});
  if (args.threads > 0)
    out.insert(out.end(), {"--threads", std::to_string(args.threads)});
  if (args.wait)
    out.push_back("--wait");
  out.insert(out.end(), args.extra.begin(), args.extra.end());
  return out;
}

bool nasir::launch::storeHoldsPassword(const std::string &url) {
  size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = url.find_first_of("/?#", start);
    std::string authority = url.substr(
        start, end == std::string::npos ? std::string::npos : end - start);
    size_t at = authority.rfind('@');
    if (at != std::string::npos &&
        authority.substr(0, at).find(':') != std::string::npos)
      return true;
  }
  // A password parameter: ?password=, &password=, or libpq's keyword form
  // "host=... password=...".
  for (size_t at = url.find("password="); at != std::string::npos;
       at = url.find("password=", at + 1))
    if (at == 0 || url[at - 1] == '?' || url[at - 1] == '&' ||
        url[at - 1] == ' ')
      return true;
  return false;
}
