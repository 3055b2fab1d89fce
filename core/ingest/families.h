#pragma once

// Each format family lives in formats/<family>.cpp and contributes its formats to the registry
// (formats.cpp) through one of these functions.

#include "format.h"

#include <vector>

namespace aftermath::ingest {

std::vector<Format> textLogFormats(); // formats/textlog.cpp: timestamped text logs, syslog, access logs
std::vector<Format> structuredFormats(); // formats/structured.cpp: JSON lines, journald, logfmt, JSON records,
                                        // CloudEvents, OpenTelemetry logs
std::vector<Format> githubFormats(); // formats/github.cpp: REST, gh CLI, webhooks, Actions logs
std::vector<Format> gitFormats(); // formats/git.cpp: `git log` output
std::vector<Format> awsFormats(); // formats/aws.cpp: CloudWatch Logs, EventBridge, CloudTrail
std::vector<Format> kubernetesFormats(); // formats/kubernetes.cpp: kubectl get events -o json
std::vector<Format> csvFormats(); // formats/csv.cpp: CSV with a header row
std::vector<Format> slackFormats(); // formats/slack.cpp: Slack workspace export

} // namespace aftermath::ingest
