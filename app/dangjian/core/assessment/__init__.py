"""党建责任与考核: 四张清单 (责任, 问题, 整改, 考核) per org and year, 月调度, 年底考核 scored partly from the
data the other domains already hold, and 书记 述职评议 (双述双评)."""
