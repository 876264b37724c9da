#include "util/speech.h"

#include <cstring>
#include <mutex>
#include <vector>

#include <espeak-ng/speak_lib.h>
#include <sndfile.h>

namespace charter::speech {
namespace {

std::mutex& speechLock() {
  static std::mutex m;
  return m;
}

int collect(short* wav, int n, espeak_EVENT* events) {
  if (wav == nullptr || n <= 0 || events == nullptr) return 0;
  auto* out = static_cast<std::vector<short>*>(events->user_data);
  if (out != nullptr) out->insert(out->end(), wav, wav + n);
  return 0;
}

// The sample rate once eSpeak NG is ready with the voice; -1 when it cannot start.
int ready() {
  static int rate = [] {
    int r = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (r <= 0) return -1;
    espeak_SetSynthCallback(collect);
    espeak_VOICE voice{};
    voice.languages = kVoice;  // by language: the voice's file name differs between versions
    if (espeak_SetVoiceByProperties(&voice) != EE_OK) return -1;
    return r;
  }();
  return rate;
}

// An in-memory file for libsndfile's virtual I/O.
struct Memory {
  std::string bytes;
  sf_count_t pos = 0;
};
sf_count_t memLength(void* m) { return static_cast<sf_count_t>(static_cast<Memory*>(m)->bytes.size()); }
sf_count_t memSeek(sf_count_t offset, int whence, void* m) {
  auto* f = static_cast<Memory*>(m);
  sf_count_t base = whence == SEEK_CUR ? f->pos : whence == SEEK_END ? memLength(m) : 0;
  f->pos = base + offset < 0 ? 0 : base + offset;
  return f->pos;
}
sf_count_t memRead(void* ptr, sf_count_t count, void* m) {
  auto* f = static_cast<Memory*>(m);
  sf_count_t left = memLength(m) - f->pos;
  sf_count_t n = count < left ? count : (left > 0 ? left : 0);
  if (n > 0) std::memcpy(ptr, f->bytes.data() + f->pos, static_cast<std::size_t>(n));
  f->pos += n;
  return n;
}
sf_count_t memWrite(const void* ptr, sf_count_t count, void* m) {
  auto* f = static_cast<Memory*>(m);
  auto end = static_cast<std::size_t>(f->pos + count);
  if (f->bytes.size() < end) f->bytes.resize(end);
  std::memcpy(f->bytes.data() + f->pos, ptr, static_cast<std::size_t>(count));
  f->pos += count;
  return count;
}
sf_count_t memTell(void* m) { return static_cast<Memory*>(m)->pos; }

Result<std::string> encode(const std::vector<short>& samples, int rate) {
  SF_VIRTUAL_IO io{memLength, memSeek, memRead, memWrite, memTell};
  Memory mem;
  SF_INFO info{};
  info.samplerate = rate;
  info.channels = 1;
  info.format = SF_FORMAT_OGG | SF_FORMAT_VORBIS;
  SNDFILE* f = sf_open_virtual(&io, SFM_WRITE, &info, &mem);
  if (f == nullptr) return unavailable("libsndfile cannot write Ogg Vorbis here.");
  double quality = 0.3;  // speech: small files, clear enough
  sf_command(f, SFC_SET_VBR_ENCODING_QUALITY, &quality, sizeof quality);
  sf_count_t wrote = sf_write_short(f, samples.data(), static_cast<sf_count_t>(samples.size()));
  sf_close(f);
  if (wrote != static_cast<sf_count_t>(samples.size()))
    return unavailable("libsndfile could not encode the audio.");
  return std::move(mem.bytes);
}

}  // namespace

Result<std::string> oggVorbis(std::string_view utf8, const char* voice_language) {
  std::vector<short> samples;
  int rate = 0;
  {
    std::lock_guard lock(speechLock());
    rate = ready();
    if (rate <= 0) return unavailable("eSpeak NG or its British English voice is not installed.");
    espeak_VOICE voice{};
    voice.languages = voice_language;
    if (espeak_SetVoiceByProperties(&voice) != EE_OK)
      return unavailable(std::string("eSpeak NG has no voice for ") + voice_language + ".");
    std::string text(utf8);
    espeak_ERROR e = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8, nullptr, &samples);
    if (e != EE_OK || espeak_Synchronize() != EE_OK)
      return unavailable("eSpeak NG could not read the text aloud.");
  }
  if (samples.empty()) samples.assign(static_cast<std::size_t>(rate / 10), 0);
  return encode(samples, rate);
}

}  // namespace charter::speech
