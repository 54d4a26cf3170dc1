import pytest

from sinosure_portal.core.documents import document_latest, document_render, pdf_text, render_pdf

pytestmark = pytest.mark.django_db


def test_pdf_embeds_chinese_glyphs(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    data = render_pdf("documents/base.html", {})
    text = pdf_text(data)
    assert "中国出口信用保险公司" in text


def test_document_is_stored_with_its_hash_and_verifies(tmp_path, settings, exporter):
    settings.MEDIA_ROOT = tmp_path
    doc = document_render(
        exporter.organisation,
        kind="test",
        template="documents/base.html",
        context={},
        title="测试文件",
        actor=exporter,
    )
    assert len(doc.sha256) == 64 and doc.size > 1000
    assert doc.verify()
    assert document_latest(exporter.organisation, "test") == doc
