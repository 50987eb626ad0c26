#include "pdf/document.hpp"

#include <hpdf.h>

namespace haven::pdf {

struct Document::Impl {
  HPDF_Doc doc = nullptr;
  HPDF_Page page = nullptr;
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  float y = 0;
};

Document::Document(const std::string& title) : impl_(std::make_unique<Impl>()) {
  impl_->doc = HPDF_New(nullptr, nullptr);
  if (!impl_->doc) return;
  HPDF_SetInfoAttr(impl_->doc, HPDF_INFO_TITLE, title.c_str());
  HPDF_SetInfoAttr(impl_->doc, HPDF_INFO_CREATOR, "Haven");
  impl_->regular = HPDF_GetFont(impl_->doc, "Helvetica", nullptr);
  impl_->bold = HPDF_GetFont(impl_->doc, "Helvetica-Bold", nullptr);
}

Document::~Document() {
  if (impl_->doc) HPDF_Free(impl_->doc);
}

void Document::write(bool bold, float size, const std::string& text, float indent) {
  if (!impl_->doc) return;
  if (!impl_->page || impl_->y < 60) {
    impl_->page = HPDF_AddPage(impl_->doc);
    HPDF_Page_SetSize(impl_->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    impl_->y = HPDF_Page_GetHeight(impl_->page) - 60;
  }
  HPDF_Page_BeginText(impl_->page);
  HPDF_Page_SetFontAndSize(impl_->page, bold ? impl_->bold : impl_->regular, size);
  HPDF_Page_TextOut(impl_->page, 50 + indent, impl_->y, text.c_str());
  HPDF_Page_EndText(impl_->page);
  impl_->y -= size + 6;
}

void Document::title(const std::string& text) { write(true, 16, text, 0); }
void Document::heading(const std::string& text) { write(true, 11, text, 0); }
void Document::line(const std::string& text, float indent) { write(false, 10, text, indent); }
void Document::small(const std::string& text) { write(false, 9, text, 0); }
void Document::gap() { impl_->y -= 8; }

Result<std::string> Document::bytes() {
  if (!impl_->doc || HPDF_SaveToStream(impl_->doc) != HPDF_OK)
    return fail(ErrorKind::storage, "could not write the PDF");
  HPDF_ResetStream(impl_->doc);
  std::string out;
  for (;;) {
    HPDF_BYTE buf[4096];
    HPDF_UINT32 size = sizeof buf;
    HPDF_ReadFromStream(impl_->doc, buf, &size);
    if (size == 0) break;
    out.append(reinterpret_cast<const char*>(buf), size);
  }
  return out;
}

}  // namespace haven::pdf
