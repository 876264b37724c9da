// The public performance pages' words (util/i18n.h): Our promises, You said we did and the
// published complaint handling self-assessment. The figures and the landlord's own words (its
// promises, what residents said and what it did) are data and stay as written.
#include "util/i18n.h"

namespace charter::i18n {
namespace {

constexpr Entry kPublicWords[] = {
    // Our promises (/promises).
    {"pr_lead",
     "How we are doing against each promise we make to you, and how we compare with other "
     "landlords: the last whole year, then this year so far.",
     "Sut rydym yn gwneud yn erbyn pob addewid a wnawn i chi, a sut rydym yn cymharu â "
     "landlordiaid eraill: y flwyddyn gyfan ddiwethaf, yna eleni hyd yma."},
    {"pr_last_year", "{}: the last whole year", "{}: y flwyddyn gyfan ddiwethaf"},
    {"pr_last_year_intro", "Our figures for the whole year, {} to {}.",
     "Ein ffigurau ar gyfer y flwyddyn gyfan, {} i {}."},
    {"pr_this_year", "{} so far", "{} hyd yma"},
    {"pr_this_year_intro",
     "This year to date: {} to {}. These are not whole-year figures; they will change as the "
     "year goes on.",
     "Eleni hyd yma: {} i {}. Nid ffigurau blwyddyn gyfan yw'r rhain; byddant yn newid wrth i'r "
     "flwyddyn fynd yn ei blaen."},
    {"pr_no_figures_for", "We have no figures for {}.", "Nid oes gennym ffigurau ar gyfer {}."},
    {"pr_figure", "Figure:", "Ffigur:"},
    {"pr_target", "Target:", "Targed:"},
    {"pr_trend", "Trend:", "Tuedd:"},
    {"pr_source", "source:", "ffynhonnell:"},
    {"pr_met", "Met", "Wedi'i gyrraedd"},
    {"pr_not_met", "Not met", "Heb ei gyrraedd"},
    {"pr_no_figure", "No figure", "Dim ffigur"},
    {"pr_no_target", "No target", "Dim targed"},
    {"pr_no_figure_yet", "No figure yet", "Dim ffigur eto"},
    {"pr_at_least", "at least {}", "o leiaf {}"},
    {"pr_at_most", "at most {}", "dim mwy na {}"},
    {"pr_year_name", "{} to {}", "{} i {}"},
    {"pr_so_far", "this year so far", "eleni hyd yma"},
    {"pr_same", "The same as the year before.", "Yr un fath â'r flwyddyn flaenorol."},
    {"pr_up", "Up on the year before.", "Yn uwch na'r flwyddyn flaenorol."},
    {"pr_down", "Down on the year before.", "Yn is na'r flwyddyn flaenorol."},
    {"pr_up_better", "Up on the year before, which is better.",
     "Yn uwch na'r flwyddyn flaenorol, sy'n well."},
    {"pr_up_worse", "Up on the year before, which is worse.",
     "Yn uwch na'r flwyddyn flaenorol, sy'n waeth."},
    {"pr_down_better", "Down on the year before, which is better.",
     "Yn is na'r flwyddyn flaenorol, sy'n well."},
    {"pr_down_worse", "Down on the year before, which is worse.",
     "Yn is na'r flwyddyn flaenorol, sy'n waeth."},
    {"pr_chart_no_figure", "no figure", "dim ffigur"},
    {"pr_chart_target", "target", "targed"},
    {"pr_register", "Every promise we make, with its figures",
     "Pob addewid a wnawn, gyda'i ffigurau"},
    {"pr_register_no_figures",
     "We check this on every case against its time limit; there is no figure for the year.",
     "Rydym yn gwirio hyn ar bob achos yn erbyn ei derfyn amser; nid oes ffigur ar gyfer y "
     "flwyddyn."},
    {"pr_not_measured", "Promises we do not measure, and why",
     "Addewidion nad ydym yn eu mesur, a pham"},
    {"pr_not_measured_lead",
     "Some of our promises are not something we can count, or are recorded outside this system. "
     "Here is each one and the reason.",
     "Nid yw rhai o'n haddewidion yn bethau y gallwn eu cyfrif, neu maent yn cael eu cofnodi y "
     "tu allan i'r system hon. Dyma bob un a'r rheswm."},
    {"pr_tsm", "Tenant Satisfaction Measures", "Mesurau Bodlonrwydd Tenantiaid"},
    {"pr_tsm_text", "The Regulator of Social Housing's measures, for every landlord.",
     "Mesurau'r Rheoleiddiwr Tai Cymdeithasol, ar gyfer pob landlord."},
    {"pr_unavailable", "Our figures could not be worked out.",
     "Nid oedd modd cyfrifo ein ffigurau."},
    // You said, we did (/you-said-we-did).
    {"ys_lead", "What residents told us through their complaints, and what we changed as a result.",
     "Beth ddywedodd preswylwyr wrthym drwy eu cwynion, a beth wnaethom ei newid o ganlyniad."},
    {"ys_unavailable", "This list cannot be shown just now. Please try again later.",
     "Ni allwn ddangos y rhestr hon ar hyn o bryd. Rhowch gynnig arall arni yn nes ymlaen."},
    {"nothing_published", "Nothing has been published yet.", "Nid oes dim wedi'i gyhoeddi eto."},
    {"ys_you_said", "You said", "Dywedoch chi"},
    {"ys_we_did", "We did", "Gwnaethom ni"},
    // The published self-assessment (/self-assessment, /self-assessment/{year}).
    {"sa_index_title", "Our self-assessments against the Complaint Handling Code",
     "Ein hunanasesiadau yn erbyn y Cod Ymdrin â Chwynion"},
    {"sa_index_lead",
     "Each year we assess our complaint handling against the Housing Ombudsman's Complaint "
     "Handling Code and publish it with our annual report and our governing body's response.",
     "Bob blwyddyn rydym yn asesu sut rydym yn ymdrin â chwynion yn erbyn Cod Ymdrin â Chwynion "
     "yr Ombwdsmon Tai, ac yn ei gyhoeddi gyda'n hadroddiad blynyddol ac ymateb ein corff "
     "llywodraethu."},
    {"sa_year_link", "Self-assessment {}", "Hunanasesiad {}"},
    {"sa_title", "Our self-assessment against the Complaint Handling Code",
     "Ein hunanasesiad yn erbyn y Cod Ymdrin â Chwynion"},
    {"sa_page_title", "Self-assessment against the Complaint Handling Code {}",
     "Hunanasesiad yn erbyn y Cod Ymdrin â Chwynion {}"},
    {"sa_published",
     "Published {}, with our annual complaints performance and service improvement report. The "
     "Housing Ombudsman's Complaint Handling Code 2024 sets out what we must do; this is how we "
     "meet each provision, with the evidence.",
     "Cyhoeddwyd {}, gyda'n hadroddiad blynyddol ar berfformiad cwynion a gwella gwasanaethau. "
     "Mae Cod Ymdrin â Chwynion 2024 yr Ombwdsmon Tai yn nodi beth mae'n rhaid i ni ei wneud; "
     "dyma sut rydym yn bodloni pob darpariaeth, gyda'r dystiolaeth."},
    {"sa_download", "Download the self-assessment (PDF)",
     "Lawrlwytho'r hunanasesiad (PDF, yn Saesneg)"},
    {"sa_other_years", "Other years", "Blynyddoedd eraill"},
    {"sa_our_complaints", "Our complaints in {}", "Ein cwynion yn {}"},
    {"sa_governing", "Our governing body's response", "Ymateb ein corff llywodraethu"},
    {"sa_each", "Each provision of the Code", "Pob darpariaeth yn y Cod"},
    {"sa_met_count", "Met: {}. Not met: {}.", "Wedi'u bodloni: {}. Heb eu bodloni: {}."},
    {"sa_rows_in_english",
     "The Code's provisions and our evidence are in English, the language in which the Housing "
     "Ombudsman publishes the Code.",
     "Mae darpariaethau'r Cod a'n tystiolaeth yn Saesneg, sef yr iaith y mae'r Ombwdsmon Tai yn "
     "cyhoeddi'r Cod ynddi."},
    {"sa_stage1_received", "Stage 1 complaints received", "Cwynion cam 1 a ddaeth i law"},
    {"sa_stage1_responded", "Stage 1 responses sent", "Ymatebion cam 1 a anfonwyd"},
    {"sa_stage2_received", "Stage 2 escalations", "Cwynion a aeth ymlaen i gam 2"},
    {"sa_stage2_responded", "Stage 2 responses sent", "Ymatebion cam 2 a anfonwyd"},
    {"sa_refusals", "Complaints refused", "Cwynion a wrthodwyd"},
    {"sa_remedies", "Remedies offered", "Camau unioni a gynigiwyd"},
    {"sa_determinations", "Ombudsman determinations", "Penderfyniadau'r Ombwdsmon"},
    {"sa_fault_findings", "Ombudsman findings of fault", "Canfyddiadau o fai gan yr Ombwdsmon"},
    {"sa_not_reviewed", "Not yet reviewed by the governing body.",
     "Nid yw'r corff llywodraethu wedi adolygu hwn eto."},
    {"sa_reviewed_by", "Reviewed by", "Adolygwyd gan"},
    {"sa_date", "Date", "Dyddiad"},
    {"sa_response", "The governing body's response", "Ymateb y corff llywodraethu"},
};

}  // namespace

std::span<const Entry> publicEntries() { return kPublicWords; }

}  // namespace charter::i18n
