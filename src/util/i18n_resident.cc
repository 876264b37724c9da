// Words the code (not a template) writes for residents (util/i18n.h): what happens next on a
// case (domain/next_step.h), the resident's contact preference form, the complaint form's
// errors, and the contact-warning and restriction letters' own words.
#include "util/i18n.h"

namespace charter::i18n {
namespace {

constexpr Entry kResidentWords[] = {
    // What happens next (domain/next_step.cc): a sentence, or one ending "by" and a date.
    {"next_finished",
     "We have finished dealing with this. If you are not happy with how we dealt with it, you "
     "can make a complaint.",
     "Rydym wedi gorffen delio â hyn. Os nad ydych yn hapus â'r ffordd y gwnaethom ddelio ag ef, "
     "gallwch wneud cwyn."},
    {"next_stage2_still", "You can still ask for a stage 2 review if you are not satisfied.",
     "Gallwch ofyn am adolygiad cam 2 o hyd os nad ydych yn fodlon."},
    {"next_ombudsman",
     "Our complaints procedure is complete. If you are still not satisfied you can refer your "
     "complaint to the Housing Ombudsman.",
     "Mae ein trefn gwyno wedi dod i ben. Os nad ydych yn fodlon o hyd, gallwch gyfeirio eich "
     "cwyn at yr Ombwdsmon Tai."},
    {"next_answered_stage1",
     "We have sent you our answer. If you are not happy with it, you can ask for a stage 2 "
     "review. You do not need to give a reason.",
     "Rydym wedi anfon ein hateb atoch. Os nad ydych yn hapus ag ef, gallwch ofyn am adolygiad "
     "cam 2. Nid oes angen i chi roi rheswm."},
    {"next_paused_identity",
     "We need proof of who you are before we can send you your information. Please send it to "
     "us. Our time limit starts again when we get it.",
     "Mae angen prawf o bwy ydych chi arnom cyn y gallwn anfon eich gwybodaeth atoch. Anfonwch "
     "ef atom. Bydd ein terfyn amser yn ailddechrau pan fyddwn yn ei gael."},
    {"next_paused_clarification",
     "We have asked you to tell us more about what you need. Please reply to us. The time we "
     "have to answer is paused until you do.",
     "Rydym wedi gofyn i chi ddweud mwy wrthym am yr hyn sydd ei angen arnoch. Atebwch ni. Mae'r "
     "amser sydd gennym i ateb wedi'i oedi nes i chi wneud hynny."},
    {"next_responded", "We have sent you our answer.", "Rydym wedi anfon ein hateb atoch."},
    {"next_dealing", "We are dealing with it.", "Rydym yn delio ag ef."},
    {"promise_stage2_acknowledge",
     "We will write to confirm we have your request for a stage 2 review, and tell you what "
     "happens next, by",
     "Byddwn yn ysgrifennu atoch i gadarnhau bod eich cais am adolygiad cam 2 gennym, ac i ddweud "
     "wrthych beth sy'n digwydd nesaf, erbyn"},
    {"promise_acknowledge",
     "We will write to confirm we have your complaint, and tell you what happens next, by",
     "Byddwn yn ysgrifennu atoch i gadarnhau bod eich cwyn gennym, ac i ddweud wrthych beth sy'n "
     "digwydd nesaf, erbyn"},
    {"promise_stage2_respond", "We will send you our final answer by",
     "Byddwn yn anfon ein hateb terfynol atoch erbyn"},
    {"promise_stage1_respond", "We will send you our answer by",
     "Byddwn yn anfon ein hateb atoch erbyn"},
    {"promise_repair", "We will do the repair by", "Byddwn yn gwneud yr atgyweiriad erbyn"},
    {"promise_asb_contact", "We will contact you about your report by",
     "Byddwn yn cysylltu â chi am eich adroddiad erbyn"},
    {"promise_asb_plan", "We will agree an action plan with you by",
     "Byddwn yn cytuno ar gynllun gweithredu gyda chi erbyn"},
    {"promise_complaint", "We will do the next step on your complaint by",
     "Byddwn yn cymryd y cam nesaf ar eich cwyn erbyn"},
    {"promise_other", "We will get back to you by", "Byddwn yn cysylltu â chi eto erbyn"},
    {"promise_translation", "We will send you your letter in your language by",
     "Byddwn yn anfon eich llythyr yn eich iaith chi atoch erbyn"},
    {"explanation_in_english", "This explanation is in English.",
     "Mae'r esboniad hwn yn Saesneg."},
    // The resident's contact preference form (/portal/cases/{id}/contact).
    {"cp_how", "How do you want to hear from us?", "Sut hoffech chi glywed gennym ni?"},
    {"cp_hint",
     "We will use this for your letters and messages. If you need letters in large print, "
     "braille or audio, or in another language, tell us here.",
     "Byddwn yn defnyddio hyn ar gyfer eich llythyrau a'ch negeseuon. Os oes angen llythyrau "
     "arnoch mewn print bras, braille neu sain, neu mewn iaith arall, dywedwch wrthym yma."},
    {"cp_none", "No preference recorded", "Dim dewis wedi'i gofnodi"},
    {"cp_channel_letter", "By letter", "Drwy lythyr"},
    {"cp_channel_email", "By email", "Drwy e-bost"},
    {"cp_channel_sms", "By text message", "Drwy neges destun"},
    {"cp_channel_phone", "By phone", "Dros y ffôn"},
    {"cp_channel_portal", "Through my online account", "Drwy fy nghyfrif ar-lein"},
    {"cp_channel_portal_yours", "Through your online account", "Drwy eich cyfrif ar-lein"},
    {"cp_format", "In which format?", "Ym mha fformat?"},
    {"cp_format_hint", "Letters are then produced in this format: large print, braille or audio.",
     "Byddwn wedyn yn cynhyrchu eich llythyrau yn y fformat hwn: print bras, braille neu sain."},
    {"cp_format_standard", "Standard print", "Print safonol"},
    {"cp_format_large_print", "Large print", "Print bras"},
    {"cp_format_braille", "Braille", "Braille"},
    {"cp_format_audio", "Audio (read aloud)", "Sain (wedi'i ddarllen yn uchel)"},
    {"cp_format_easy_read", "Easy read", "Hawdd ei ddeall"},
    {"cp_in_standard", "in standard print", "mewn print safonol"},
    {"cp_in_large_print", "in large print", "mewn print bras"},
    {"cp_in_braille", "in braille", "mewn braille"},
    {"cp_in_audio", "in audio", "mewn sain"},
    {"cp_in_easy_read", "in easy read", "mewn fformat hawdd ei ddeall"},
    {"cp_language", "Language (optional)", "Iaith (dewisol)"},
    {"cp_language_hint", "For example, cy for Welsh, or Polish.",
     "Er enghraifft, cy ar gyfer Cymraeg, neu Bwyleg."},
    {"cp_language_is", "language: {}", "iaith: {}"},
    {"cp_language_cy", "Welsh (cy)", "Cymraeg (cy)"},
    {"cp_language_en", "English (en)", "Saesneg (en)"},
    {"cp_interpreter", "I need an interpreter", "Mae angen cyfieithydd ar y pryd arnaf"},
    {"cp_needs_interpreter", "needs an interpreter", "angen cyfieithydd ar y pryd"},
    {"cp_review", "Review this by (optional)", "Adolygu hyn erbyn (dewisol)"},
    {"cp_review_hint", "When to check it still suits you. For example, 31 3 2027.",
     "Pryd i wirio ei fod yn dal yn addas i chi. Er enghraifft, 31 3 2027."},
    {"cp_save", "Save", "Cadw"},
    {"cancel", "Cancel", "Canslo"},
    {"date_day", "Day", "Diwrnod"},
    {"date_month", "Month", "Mis"},
    {"date_year", "Year", "Blwyddyn"},
    {"error_title_prefix", "Error: ", "Gwall: "},
    {"error_prefix", "Error:", "Gwall:"},
    {"error_summary_title", "There is a problem", "Mae problem"},
    // The complaint form's errors (app/public_complaints.cc), by field and rule.
    {"err_name_required", "Enter your name", "Rhowch eich enw"},
    {"err_name_too-long", "Your name must be 200 characters or fewer",
     "Rhaid i'ch enw fod yn 200 nod neu lai"},
    {"err_contact_required",
     "Enter at least one way to contact you: an email address, a phone number or a postal "
     "address",
     "Rhowch o leiaf un ffordd o gysylltu â chi: cyfeiriad e-bost, rhif ffôn neu gyfeiriad post"},
    {"err_email_format", "Enter an email address in the correct format, like name@example.com",
     "Rhowch gyfeiriad e-bost yn y fformat cywir, fel name@example.com"},
    {"err_phone_format", "Enter a telephone number, like 01632 960 001 or 07700 900 982",
     "Rhowch rif ffôn, fel 01632 960 001 neu 07700 900 982"},
    {"err_email_too-long", "This must be 300 characters or fewer",
     "Rhaid i hwn fod yn 300 nod neu lai"},
    {"err_phone_too-long", "This must be 300 characters or fewer",
     "Rhaid i hwn fod yn 300 nod neu lai"},
    {"err_address_too-long", "This must be 300 characters or fewer",
     "Rhaid i hwn fod yn 300 nod neu lai"},
    {"err_what_happened_required", "Tell us what happened", "Dywedwch wrthym beth ddigwyddodd"},
    {"err_what_happened_too-long", "What happened must be 6,000 characters or fewer",
     "Rhaid i'r hyn a ddigwyddodd fod yn 6,000 nod neu lai"},
    {"err_what_you_want_required", "Tell us what you would like us to do",
     "Dywedwch wrthym beth hoffech i ni ei wneud"},
    {"err_what_you_want_too-long", "What you would like us to do must be 3,000 characters or fewer",
     "Rhaid i'r hyn yr hoffech i ni ei wneud fod yn 3,000 nod neu lai"},
    {"err_form_expired",
     "The form had expired or did not come from this website. Check your answers and send it "
     "again.",
     "Roedd y ffurflen wedi dod i ben neu nid oedd wedi dod o'r wefan hon. Gwiriwch eich atebion "
     "a'i hanfon eto."},
    // The contact-warning and restriction letters (app/restriction_letters.cc).
    {"letter_title_contact_warning", "A warning about your behaviour", "Rhybudd am eich ymddygiad"},
    {"letter_title_restriction", "How you can contact us: our decision",
     "Sut gallwch gysylltu â ni: ein penderfyniad"},
    {"restriction_single_point_of_contact", "Single point of contact", "Un pwynt cyswllt"},
    {"restriction_written_only", "Written contact only", "Cysylltu yn ysgrifenedig yn unig"},
    {"restriction_set_times", "Contact at set times only", "Cysylltu ar adegau penodol yn unig"},
    {"restriction_essential_services_only", "Essential services only",
     "Gwasanaethau hanfodol yn unig"},
    {"restriction_means_single_point_of_contact",
     "Please contact us only through the officer named in this letter; other staff will pass "
     "your calls and messages to them.",
     "Cysylltwch â ni drwy'r swyddog a enwir yn y llythyr hwn yn unig; bydd staff eraill yn "
     "trosglwyddo eich galwadau a'ch negeseuon i'r swyddog hwnnw."},
    {"restriction_means_written_only",
     "Please contact us only by letter or email, not by phone or in person.",
     "Cysylltwch â ni drwy lythyr neu e-bost yn unig, nid dros y ffôn nac wyneb yn wyneb."},
    {"restriction_means_set_times", "Please contact us only at the times agreed with you.",
     "Cysylltwch â ni ar yr adegau a gytunwyd gyda chi yn unig."},
    {"restriction_means_essential_services_only",
     "For now we will provide only essential services, such as gas safety checks and emergency "
     "repairs.",
     "Am y tro, byddwn yn darparu gwasanaethau hanfodol yn unig, fel gwiriadau diogelwch nwy ac "
     "atgyweiriadau brys."},
};

}  // namespace

std::span<const Entry> residentEntries() { return kResidentWords; }

}  // namespace charter::i18n
