// Text read aloud: eSpeak NG (libespeak-ng) with its British English voice, encoded as Ogg
// Vorbis by libsndfile, all in the process: no helper program, no temporary file, no shell.
//
// Cost: synthesis runs at many times real time (about a second for a page of text).
// Threading: eSpeak NG keeps one global synthesiser, so calls are serialised by one
// process-wide lock; safe from any thread. kUnavailable when eSpeak NG or its data is missing.
#pragma once

#include <string>
#include <string_view>

#include "util/result.h"

namespace charter::speech {

// The language of the eSpeak NG voice used (British English).
inline constexpr const char* kVoice = "en-gb";
// The voice for Welsh letters.
inline constexpr const char* kVoiceWelsh = "cy";

// `utf8` read aloud by the voice of `voice` (an eSpeak NG language), as the bytes of an Ogg
// Vorbis file (mono, eSpeak's sample rate). kUnavailable when that voice is not installed.
Result<std::string> oggVorbis(std::string_view utf8, const char* voice = kVoice);

}  // namespace charter::speech
